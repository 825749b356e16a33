/**
 * A pool of chunk-sealing module workers (seal-worker.ts) behind the ChunkSealer the uploader takes
 * (shared/src/upload.ts): min(navigator.hardwareConcurrency, 4) workers, each job sent to the least
 * busy one, plaintext and ciphertext buffers transferred rather than copied. The workers get the
 * push's file keys once, at start; `close` terminates them, and their copies of the keys with them.
 */
import * as v from 'valibot';
import type { FileStreamPlan } from '@zkpush/shared/file-push';
import type { ChunkSealer } from '@zkpush/shared/upload';
import { SealResponse, transferable, type SealRequest } from './seal-protocol.ts';

/** The part of `Worker` the pool uses, so tests can pass fakes. */
export interface SealWorkerLike {
  postMessage(message: SealRequest, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface SealPool {
  readonly seal: ChunkSealer;
  readonly size: number;
  /** Terminates every worker; jobs still pending reject. */
  close(): void;
}

/** Vite recognises this exact shape and emits seal-worker.ts as a same-origin module worker file. */
export function spawnSealWorker(): SealWorkerLike {
  return new Worker(new URL('./seal-worker.ts', import.meta.url), { type: 'module', name: 'zkpush-seal' });
}

export const MAX_SEAL_WORKERS = 4;

/** One worker per core, at most MAX_SEAL_WORKERS (more would only compete with the page and the uploads). */
export function poolSize(hardwareConcurrency: number | undefined): number {
  const cores = Number.isSafeInteger(hardwareConcurrency) ? (hardwareConcurrency ?? 1) : 1;
  return Math.max(1, Math.min(cores, MAX_SEAL_WORKERS));
}

type Pending = { resolve: (sealed: Uint8Array) => void; reject: (e: Error) => void };
type Slot = { worker: SealWorkerLike; pending: Map<number, Pending>; alive: boolean };

export function createSealPool(
  plans: readonly Pick<FileStreamPlan, 'keys' | 'layout'>[],
  options: { size?: number; spawn?: () => SealWorkerLike } = {},
): SealPool {
  const spawn = options.spawn ?? spawnSealWorker;
  const size = options.size ?? poolSize(globalThis.navigator?.hardwareConcurrency);
  // Copies, wiped on close: the workers receive (structured-clone) copies of these in `init`.
  const files = plans.map((p) => ({
    fileKey: new Uint8Array(p.keys.fileKey),
    noncePrefix: new Uint8Array(p.keys.noncePrefix),
    paddedSize: p.layout.paddedSize,
  }));
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
      const parsed = v.safeParse(SealResponse, event.data);
      if (!parsed.success) return fail(slot, 'unexpected message from a sealing worker');
      const msg = parsed.output;
      const job = slot.pending.get(msg.id);
      if (!job) {
        // `failed` for an unknown id: the worker refused its init; nothing it seals can be trusted.
        if (msg.type === 'failed') fail(slot, msg.message);
        return;
      }
      slot.pending.delete(msg.id);
      if (msg.type === 'sealed') job.resolve(msg.sealed);
      else job.reject(new Error(msg.message));
    });
    // The script failed to load (refused by CSP, say) or ran out of memory.
    slot.worker.addEventListener('error', () => fail(slot, 'a sealing worker stopped'));
    slot.worker.addEventListener('messageerror', () => fail(slot, 'unreadable message from a sealing worker'));
    slot.worker.postMessage({ type: 'init', files }, []);
    return slot;
  });

  const seal: ChunkSealer = (file, chunk, plaintext) => {
    if (closed) return Promise.reject(new Error('the sealing workers were stopped'));
    const live = slots.filter((s) => s.alive);
    if (live.length === 0) return Promise.reject(new Error('no sealing worker is running'));
    const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const id = nextId++;
    const moved = transferable(plaintext);
    return new Promise<Uint8Array>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ type: 'seal', id, file, chunk, plaintext: moved.bytes }, [moved.buffer]);
    });
  };

  return {
    seal,
    size,
    close() {
      closed = true;
      for (const slot of slots) if (slot.alive) fail(slot, 'the sealing workers were stopped');
      for (const f of files) f.fileKey.fill(0);
    },
  };
}
