import { describe, expect, it } from 'vitest';
import { newKdfParams, type KdfParams } from '@zkpush/shared/kdf-params';
import { deriveInWorker, type WorkerLike } from './kdf-client.ts';
import type { KdfRequest } from './kdf-protocol.ts';

const kdf: KdfParams = newKdfParams(undefined, new Uint8Array(16).fill(2));

/** A worker that records requests and lets the test answer. */
class FakeWorker implements WorkerLike {
  readonly sent: KdfRequest[] = [];
  terminated = false;
  private readonly listeners = new Map<string, ((event: MessageEvent<unknown>) => void)[]>();

  postMessage(message: KdfRequest): void {
    this.sent.push(message);
  }
  addEventListener(type: string, listener: (event: MessageEvent<unknown>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  terminate(): void {
    this.terminated = true;
  }
  emit(type: 'message' | 'error' | 'messageerror', data?: unknown): void {
    for (const l of this.listeners.get(type) ?? []) l(new MessageEvent(type, { data }));
  }
  /** Answers the last request with `body` plus its id. */
  reply(body: Record<string, unknown>): void {
    this.emit('message', { ...body, id: this.sent.at(-1)?.id });
  }
}

function start(
  passphrase = 'pass words',
  params: KdfParams = kdf,
  extra: { signal?: AbortSignal } = {},
): { worker: FakeWorker; progress: number[]; result: ReturnType<typeof deriveInWorker> } {
  const worker = new FakeWorker();
  const progress: number[] = [];
  const result = deriveInWorker(passphrase, params, {
    ...extra,
    spawn: () => worker,
    onProgress: (f) => progress.push(f),
  });
  return { worker, progress, result };
}

describe('deriveInWorker', () => {
  it('sends the passphrase and parameters, reports progress, resolves with P and stops the worker', async () => {
    const { worker, progress, result } = start();
    expect(worker.sent).toEqual([{ type: 'derive', id: expect.any(Number), passphrase: 'pass words', kdf }]);
    worker.reply({ type: 'progress', fraction: 0.25 });
    worker.reply({ type: 'progress', fraction: 1 });
    worker.reply({ type: 'done', passKey: new Uint8Array(32).fill(3) });
    expect(await result).toEqual({ kind: 'ok', passKey: new Uint8Array(32).fill(3) });
    expect(progress).toEqual([0.25, 1]);
    expect(worker.terminated).toBe(true);
  });

  it('refuses bad parameters without starting a worker', async () => {
    let spawned = false;
    const out = await deriveInWorker(
      'x',
      { ...kdf, m: 8 },
      {
        spawn: () => {
          spawned = true;
          return new FakeWorker();
        },
      },
    );
    expect(out).toMatchObject({ kind: 'bad_kdf', problem: 'too_weak' });
    expect(spawned).toBe(false);
  });

  it('cancels: terminates the worker and ignores anything it still sends', async () => {
    const controller = new AbortController();
    const { worker, progress, result } = start('x', kdf, { signal: controller.signal });
    controller.abort();
    worker.reply({ type: 'progress', fraction: 0.5 });
    worker.reply({ type: 'done', passKey: new Uint8Array(32) });
    expect(await result).toEqual({ kind: 'cancelled' });
    expect(worker.terminated).toBe(true);
    expect(progress).toEqual([]);
  });

  it('resolves cancelled at once for an already aborted signal', async () => {
    let spawned = false;
    const out = await deriveInWorker('x', kdf, {
      signal: AbortSignal.abort(),
      spawn: () => {
        spawned = true;
        return new FakeWorker();
      },
    });
    expect(out).toEqual({ kind: 'cancelled' });
    expect(spawned).toBe(false);
  });

  it('fails on a malformed message, a worker error, or a worker that cannot start', async () => {
    const a = start();
    a.worker.emit('message', { type: 'done', id: a.worker.sent[0]!.id, passKey: new Uint8Array(16) });
    expect(await a.result).toMatchObject({ kind: 'failed' });
    expect(a.worker.terminated).toBe(true);

    const b = start();
    b.worker.emit('error');
    expect(await b.result).toEqual({ kind: 'failed', message: 'the passphrase worker stopped' });

    const c = await deriveInWorker('x', kdf, {
      spawn: () => {
        throw new Error('Worker is not defined');
      },
    });
    expect(c).toEqual({ kind: 'failed', message: 'Worker is not defined' });
  });

  it('passes on the worker’s refusal and failures', async () => {
    const a = start();
    a.worker.reply({ type: 'bad_kdf', problem: 'too_costly', message: 'too big' });
    expect(await a.result).toEqual({ kind: 'bad_kdf', problem: 'too_costly', message: 'too big' });
    const b = start();
    b.worker.reply({ type: 'failed', message: 'out of memory' });
    expect(await b.result).toEqual({ kind: 'failed', message: 'out of memory' });
  });

  it('ignores progress for another request id', async () => {
    const { worker, progress, result } = start();
    worker.emit('message', { type: 'progress', id: 999_999, fraction: 0.5 });
    worker.reply({ type: 'done', passKey: new Uint8Array(32) });
    await result;
    expect(progress).toEqual([]);
  });
});
