import { describe, expect, it } from 'vitest';
import { sealFiles } from '@zkpush/shared/file-push';
import { openChunk } from '@zkpush/shared/file-stream';
import type { SealRequest } from './seal-protocol.ts';
import { createSealPool } from './seal-pool.ts';
import { createSealHandler } from './seal-worker-handler.ts';
import { InProcessWorker } from '#lib/testing/in-process-worker.ts';

/** A sealing worker running seal-worker-handler.ts in-process. */
class InProcessSealWorker extends InProcessWorker<SealRequest> {
  constructor() {
    super(createSealHandler);
  }
  get jobs(): SealRequest[] {
    return this.requests.filter((r) => r.type === 'seal');
  }
}

function plans() {
  return sealFiles([
    { name: 'a', type: '', size: 10 },
    { name: 'b', type: '', size: 3000 },
  ]).plans;
}

describe('createSealPool', () => {
  it('seals chunks in the workers, spreading jobs over them, moving the buffers', async () => {
    const workers: InProcessSealWorker[] = [];
    const p = plans();
    const pool = createSealPool(p, {
      size: 3,
      spawn: () => (workers.push(new InProcessSealWorker()), workers.at(-1)!),
    });
    expect(pool.size).toBe(3);
    const plain = new Uint8Array(p[1]!.layout.paddedSize).fill(7);
    const sealed = await Promise.all([0, 1, 2, 3, 4, 5].map(() => pool.seal(1, 0, plain.slice())));
    for (const s of sealed) expect(openChunk(p[1]!.keys, p[1]!.layout, 0, s)).toEqual(plain);
    expect(workers.map((w) => w.jobs.length)).toEqual([2, 2, 2]);
    // init without transfer, each job with its plaintext's buffer
    expect(workers[0]!.transfers).toEqual([0, 1, 1]);
    pool.close();
    expect(workers.every((w) => w.terminated)).toBe(true);
  });

  it('rejects a job the worker refuses, and every pending job when a worker dies or the pool closes', async () => {
    const worker = new InProcessSealWorker();
    const pool = createSealPool(plans(), { size: 1, spawn: () => worker });
    await expect(pool.seal(0, 0, new Uint8Array(3))).rejects.toThrow(/must hold 512 bytes/);
    worker.hold = true;
    const pending = pool.seal(0, 0, new Uint8Array(512));
    worker.emit('error');
    await expect(pending).rejects.toThrow('a sealing worker stopped');
    await expect(pool.seal(0, 0, new Uint8Array(512))).rejects.toThrow('no sealing worker is running');

    const other = new InProcessSealWorker();
    other.hold = true;
    const pool2 = createSealPool(plans(), { size: 1, spawn: () => other });
    const waiting = pool2.seal(0, 0, new Uint8Array(512));
    pool2.close();
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('treats a malformed answer as a broken worker', async () => {
    const worker = new InProcessSealWorker();
    worker.hold = true;
    const pool = createSealPool(plans(), { size: 1, spawn: () => worker });
    const pending = pool.seal(0, 0, new Uint8Array(512));
    worker.emit('message', { type: 'sealed', id: 1, sealed: 'not bytes' });
    await expect(pending).rejects.toThrow('unexpected message');
    expect(worker.terminated).toBe(true);
  });
});
