/**
 * A pool of chunk-opening module workers (open-worker.ts) behind the OpenChunk the parallel opener
 * takes (shared/src/parallel-opener.ts), the download's mirror of seal-pool.ts: one worker per core
 * (poolSize: at least 1, at most 4), each job sent to the least busy one, ciphertext and plaintext
 * buffers transferred rather than copied. The workers get one file's keys once, at start; `close`
 * terminates them, taking their copies of the keys along, and wipes the pool's own copy.
 */
import * as v from 'valibot';
import type { BlobLayout, FileKeys } from '@zkpush/shared/file-stream';
import type { OpenChunk } from '@zkpush/shared/parallel-opener';
import { OpenResponse, type OpenRequest } from './open-protocol.ts';
import { poolSize } from './seal-pool.ts';
import { transferable } from './seal-protocol.ts';

/** The part of `Worker` the pool uses, so tests can pass fakes. */
export interface OpenWorkerLike {
  postMessage(message: OpenRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface OpenPool {
  readonly open: OpenChunk;
  readonly size: number;
  /** Chunks to keep in flight so every worker has the next one queued: two per worker. */
  readonly inFlight: number;
  /** Terminates every worker and wipes the keys; jobs still pending reject. */
  close(): void;
}

/** Vite recognises this exact shape and emits open-worker.ts as a same-origin module worker file. */
export function spawnOpenWorker(): OpenWorkerLike {
  return new Worker(new URL('./open-worker.ts', import.meta.url), { type: 'module', name: 'zkpush-open' });
}

type Pending = { resolve: (plain: Uint8Array | undefined) => void; reject: (e: Error) => void };
type Slot = { worker: OpenWorkerLike; pending: Map<number, Pending>; alive: boolean };

export function createOpenPool(
  file: { keys: FileKeys; layout: BlobLayout },
  options: { size?: number; spawn?: () => OpenWorkerLike } = {},
): OpenPool {
  const spawn = options.spawn ?? spawnOpenWorker;
  const size = options.size ?? poolSize(globalThis.navigator?.hardwareConcurrency);
  // Copies, wiped on close: the workers receive (structured-clone) copies of these in `init`.
  const fileKey = new Uint8Array(file.keys.fileKey);
  const noncePrefix = new Uint8Array(file.keys.noncePrefix);
  let nextId = 1;
  let closed = false;

  const fail = (slot: Slot, message: string): void => {
    slot.alive = false;
    slot.worker.terminate();
    for (const p of slot.pending.values()) p.reject(new Error(message));
    slot.pending.clear();
  };

  const slots: Slot[] = Array.from({ length: size }, () => {
    const slot: Slot = { worker: spawn(), pending: new Map(), alive: true };
    slot.worker.addEventListener('message', (event) => {
      const parsed = v.safeParse(OpenResponse, event.data);
      if (!parsed.success) return fail(slot, 'unexpected message from an opening worker');
      const msg = parsed.output;
      const job = slot.pending.get(msg.id);
      if (!job) {
        // `failed` for an unknown id: the worker refused its init; nothing it opens can be trusted.
        if (msg.type === 'failed') fail(slot, msg.message);
        return;
      }
      slot.pending.delete(msg.id);
      if (msg.type === 'opened') job.resolve(msg.plaintext);
      else if (msg.type === 'forged') job.resolve(undefined);
      else job.reject(new Error(msg.message));
    });
    // The script failed to load (refused by CSP, say) or ran out of memory.
    slot.worker.addEventListener('error', () => fail(slot, 'an opening worker stopped'));
    slot.worker.addEventListener('messageerror', () => fail(slot, 'unreadable message from an opening worker'));
    slot.worker.postMessage({ type: 'init', fileKey, noncePrefix, paddedSize: file.layout.paddedSize }, []);
    return slot;
  });

  const open: OpenChunk = (chunk, ciphertext) => {
    if (closed) return Promise.reject(new Error('the opening workers were stopped'));
    const live = slots.filter((s) => s.alive);
    if (live.length === 0) return Promise.reject(new Error('no opening worker is running'));
    const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    const moved = transferable(ciphertext);
    return new Promise<Uint8Array | undefined>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ type: 'open', id, chunk, ciphertext: moved.bytes }, [moved.buffer]);
    });
  };

  return {
    open,
    size,
    inFlight: 2 * size,
    close() {
      if (closed) return;
      closed = true;
      for (const slot of slots) if (slot.alive) fail(slot, 'the opening workers were stopped');
      fileKey.fill(0);
      noncePrefix.fill(0);
    },
  };
}
