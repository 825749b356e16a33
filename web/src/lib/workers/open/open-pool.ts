/**
 * A pool of chunk-opening module workers (open-worker.ts) behind the OpenChunk the parallel opener
 * takes (shared/src/parallel-opener.ts), the download's mirror of seal-pool.ts, on worker-pool.ts: one worker
 * per core (poolSize: at least 1, at most 4), each job sent to the least busy one, ciphertext and plaintext
 * buffers transferred rather than copied. The workers get one file's keys once, at start; `close`
 * terminates them, taking their copies of the keys along, and wipes the pool's own copy.
 */
import type { BlobLayout, FileKeys } from '@zkpush/shared/file-stream';
import type { OpenChunk } from '@zkpush/shared/parallel-opener';
import { OpenResponse, type OpenRequest } from './open-protocol.ts';
import { transferable } from '#lib/workers/transfer.ts';
import { createWorkerPool, poolSize, type PoolWorkerLike, type Settled } from '#lib/workers/worker-pool.ts';

/** The part of `Worker` the pool uses, so tests can pass fakes. */
type OpenWorkerLike = PoolWorkerLike<OpenRequest>;

export interface OpenPool {
  readonly open: OpenChunk;
  readonly size: number;
  /** Chunks to keep in flight so every worker has the next one queued: two per worker. */
  readonly inFlight: number;
  /** Terminates every worker and wipes the keys; jobs still pending reject. */
  close(): void;
}

/** Vite recognises this exact shape and emits open-worker.ts as a same-origin module worker file. */
function spawnOpenWorker(): OpenWorkerLike {
  return new Worker(new URL('./open-worker.ts', import.meta.url), { type: 'module', name: 'zkpush-open' });
}

/** A forged chunk is an answer (the opener reports it as damage), not a failure of the worker. */
function settle(msg: OpenResponse): Settled<Uint8Array | undefined> {
  switch (msg.type) {
    case 'opened':
      return { id: msg.id, value: msg.plaintext };
    case 'forged':
      return { id: msg.id, value: undefined };
    case 'failed':
      return { id: msg.id, error: msg.message };
  }
}

export function createOpenPool(
  file: { keys: FileKeys; layout: BlobLayout },
  options: { size?: number; spawn?: () => OpenWorkerLike } = {},
): OpenPool {
  // Copies, wiped on close: the workers receive (structured-clone) copies of these in `init`.
  const fileKey = new Uint8Array(file.keys.fileKey);
  const noncePrefix = new Uint8Array(file.keys.noncePrefix);
  const pool = createWorkerPool({
    what: 'opening',
    article: 'an',
    size: options.size ?? poolSize(globalThis.navigator?.hardwareConcurrency),
    spawn: options.spawn ?? spawnOpenWorker,
    init: { type: 'init', fileKey, noncePrefix, paddedSize: file.layout.paddedSize },
    answers: OpenResponse,
    settle,
  });

  const open: OpenChunk = (chunk, ciphertext) =>
    pool.run((id) => {
      const moved = transferable(ciphertext);
      return { message: { type: 'open', id, chunk, ciphertext: moved.bytes }, transfer: [moved.buffer] };
    });

  return {
    open,
    size: pool.size,
    inFlight: 2 * pool.size,
    close() {
      pool.close();
      fileKey.fill(0);
      noncePrefix.fill(0);
    },
  };
}
