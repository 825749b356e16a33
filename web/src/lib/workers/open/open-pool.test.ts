import { describe, expect, it } from 'vitest';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import { createOpenPool } from './open-pool.ts';
import { InProcessOpenWorker } from '#lib/testing/open-workers.ts';

const plan = sealFiles([{ name: 'a', type: '', size: 3000 }]).plans[0]!;
const plain = new Uint8Array(plan.layout.paddedSize).fill(9);
const sealed = () => sealChunk(plan.keys, plan.layout, 0, plain);

describe('createOpenPool', () => {
  it('opens chunks in the workers, spreading jobs over them, moving the buffers; close wipes the keys', async () => {
    const workers: InProcessOpenWorker[] = [];
    const pool = createOpenPool(plan, {
      size: 2,
      spawn: () => (workers.push(new InProcessOpenWorker()), workers.at(-1)!),
    });
    expect([pool.size, pool.inFlight]).toEqual([2, 4]);
    const damaged = sealed();
    damaged[0]! ^= 1;
    const cipher = [sealed(), sealed(), sealed(), damaged];
    const opened = await Promise.all(cipher.map((c) => pool.open(0, c)));
    expect(opened.slice(0, 3)).toEqual([plain, plain, plain]);
    expect(opened[3]).toBeUndefined();
    // Transferred: the page's ciphertext buffers are gone (detached).
    expect(cipher.every((c) => c.byteLength === 0)).toBe(true);
    expect(workers.map((w) => w.requests.filter((r) => r.type === 'open').length)).toEqual([2, 2]);
    const init = workers[0]!.requests[0]!;
    pool.close();
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(init.type === 'init' && init.fileKey.every((b) => b === 0)).toBe(true);
    await expect(pool.open(0, sealed())).rejects.toThrow('stopped');
  });

  it('rejects pending jobs when a worker dies or answers nonsense', async () => {
    const worker = new InProcessOpenWorker();
    worker.hold = true;
    const pool = createOpenPool(plan, { size: 1, spawn: () => worker });
    const pending = pool.open(0, sealed());
    worker.emit('error');
    await expect(pending).rejects.toThrow('an opening worker stopped');
    await expect(pool.open(0, sealed())).rejects.toThrow('no opening worker is running');

    const other = new InProcessOpenWorker();
    other.hold = true;
    const pool2 = createOpenPool(plan, { size: 1, spawn: () => other });
    const waiting = pool2.open(0, sealed());
    other.emit('message', { type: 'opened', id: 1, plaintext: 'not bytes' });
    await expect(waiting).rejects.toThrow('unexpected message');
    expect(other.terminated).toBe(true);
  });
});
