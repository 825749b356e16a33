/**
 * A pool of chunk-sealing module workers (seal-worker.ts) behind the ChunkSealer the uploader takes
 * (shared/src/upload.ts), on worker-pool.ts: min(navigator.hardwareConcurrency, 4) workers, each job
 * sent to the least busy one, plaintext and ciphertext buffers transferred rather than copied. The workers get the
 * push's file keys once, at start; `close` terminates them, and their copies of the keys with them.
 */
import type { FileStreamPlan } from '@zkpush/shared/file-push';
import type { ChunkSealer } from '@zkpush/shared/upload';
import { SealResponse, type SealRequest } from './seal-protocol.ts';
import { transferable } from '#lib/workers/transfer.ts';
import { createWorkerPool, poolSize, type PoolWorkerLike, type Settled } from '#lib/workers/worker-pool.ts';

/** The part of `Worker` the pool uses, so tests can pass fakes. */
type SealWorkerLike = PoolWorkerLike<SealRequest>;

interface SealPool {
  readonly seal: ChunkSealer;
  readonly size: number;
  /** Terminates every worker; jobs still pending reject. */
  close(): void;
}

/** Vite recognises this exact shape and emits seal-worker.ts as a same-origin module worker file. */
function spawnSealWorker(): SealWorkerLike {
  return new Worker(new URL('./seal-worker.ts', import.meta.url), { type: 'module', name: 'zkpush-seal' });
}

export function createSealPool(
  plans: readonly Pick<FileStreamPlan, 'keys' | 'layout'>[],
  options: { size?: number; spawn?: () => SealWorkerLike } = {},
): SealPool {
  // Copies, wiped on close: the workers receive (structured-clone) copies of these in `init`.
  const files = plans.map((p) => ({
    fileKey: new Uint8Array(p.keys.fileKey),
    noncePrefix: new Uint8Array(p.keys.noncePrefix),
    paddedSize: p.layout.paddedSize,
  }));
  const pool = createWorkerPool({
    what: 'sealing',
    article: 'a',
    size: options.size ?? poolSize(globalThis.navigator?.hardwareConcurrency),
    spawn: options.spawn ?? spawnSealWorker,
    init: { type: 'init', files },
    answers: SealResponse,
    settle: (msg): Settled<Uint8Array> =>
      msg.type === 'sealed' ? { id: msg.id, value: msg.sealed } : { id: msg.id, error: msg.message },
  });

  const seal: ChunkSealer = (file, chunk, plaintext) =>
    pool.run((id) => {
      const moved = transferable(plaintext);
      return { message: { type: 'seal', id, file, chunk, plaintext: moved.bytes }, transfer: [moved.buffer] };
    });

  return {
    seal,
    size: pool.size,
    close() {
      pool.close();
      for (const f of files) f.fileKey.fill(0);
    },
  };
}
