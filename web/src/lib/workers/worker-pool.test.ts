import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { createWorkerPool, poolSize, type PoolWorkerLike } from './worker-pool.ts';

type Request = { type: 'init' } | { type: 'job'; id: number; n: number };
const Answer = v.variant('type', [
  v.strictObject({ type: v.literal('done'), id: v.number(), n: v.number() }),
  v.strictObject({ type: v.literal('failed'), id: v.number(), message: v.string() }),
]);

/** Records what it is sent; the test answers by hand. */
class ScriptedWorker implements PoolWorkerLike<Request> {
  readonly sent: Request[] = [];
  terminated = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<unknown>) => void)[]>();
  postMessage(message: Request): void {
    this.sent.push(message);
  }
  addEventListener(type: string, listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(type: string, data?: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
  }
  jobs(): number[] {
    return this.sent.flatMap((m) => (m.type === 'job' ? [m.id] : []));
  }
}

function pool(size: number) {
  const workers: ScriptedWorker[] = [];
  const p = createWorkerPool({
    what: 'doubling',
    article: 'a',
    size,
    spawn: () => (workers.push(new ScriptedWorker()), workers.at(-1)!),
    init: { type: 'init' } as const,
    answers: Answer,
    settle: (m) => (m.type === 'done' ? { id: m.id, value: m.n } : { id: m.id, error: m.message }),
  });
  const run = (n: number) => p.run((id) => ({ message: { type: 'job', id, n }, transfer: [] }));
  return { p, workers, run };
}

describe('createWorkerPool', () => {
  it('initialises every worker, sends each job to the least busy one and matches answers by id', async () => {
    const { workers, run } = pool(2);
    expect(workers.map((w) => w.sent[0])).toEqual([{ type: 'init' }, { type: 'init' }]);
    const jobs = [run(1), run(2), run(3)];
    expect(workers.map((w) => w.jobs())).toEqual([[1, 3], [2]]);
    workers[0]!.emit('message', { type: 'done', id: 3, n: 6 });
    workers[1]!.emit('message', { type: 'done', id: 2, n: 4 });
    workers[0]!.emit('message', { type: 'done', id: 1, n: 2 });
    expect(await Promise.all(jobs)).toEqual([2, 4, 6]);
  });

  it('rejects a job its worker refuses, and keeps the worker', async () => {
    const { workers, run } = pool(1);
    const job = run(1);
    workers[0]!.emit('message', { type: 'failed', id: 1, message: 'bad length' });
    await expect(job).rejects.toThrow('bad length');
    expect(workers[0]!.terminated).toBe(false);
  });

  it('stops a worker that refuses its init, errors or answers nonsense; the others go on', async () => {
    const { workers, run } = pool(3);
    const pending = [run(1), run(2), run(3)];
    workers[0]!.emit('message', { type: 'failed', id: 0, message: 'no keys' });
    workers[1]!.emit('error');
    workers[2]!.emit('message', { type: 'done', id: 3, n: 'six' });
    await expect(pending[0]).rejects.toThrow('no keys');
    await expect(pending[1]).rejects.toThrow('a doubling worker stopped');
    await expect(pending[2]).rejects.toThrow('unexpected message from a doubling worker');
    expect(workers.every((w) => w.terminated)).toBe(true);
    await expect(run(4)).rejects.toThrow('no doubling worker is running');
  });

  it('close rejects what is pending and everything after', async () => {
    const { p, workers, run } = pool(1);
    const pending = run(1);
    p.close();
    p.close();
    await expect(pending).rejects.toThrow('the doubling workers were stopped');
    await expect(run(2)).rejects.toThrow('the doubling workers were stopped');
    expect(workers[0]!.terminated).toBe(true);
    // No job message was built or sent after the close.
    expect(workers[0]!.jobs()).toEqual([1]);
  });
});

describe('poolSize', () => {
  it('is one worker per core, between 1 and 4', () => {
    expect([undefined, 0, 1, 2, 3, 4, 16].map(poolSize)).toEqual([1, 1, 1, 2, 3, 4, 4]);
  });
});
