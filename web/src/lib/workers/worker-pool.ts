/**
 * The mechanism the sealing pool (seal-pool.ts) and the opening pool (open-pool.ts) share: a fixed set
 * of module workers that got their keys once in an `init` message, each job sent to the least busy
 * live one under a fresh id, answers matched back by id. A worker that errors, sends something that
 * fails its schema, or refuses its `init` is stopped and its pending jobs reject — nothing it produced
 * after that can be trusted. `close` stops them all (the keys they hold go with them).
 */
import * as v from 'valibot';

/** The part of `Worker` a pool uses, so tests can pass fakes. */
export interface PoolWorkerLike<Request> {
  postMessage(message: Request, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

const MAX_POOL_WORKERS = 4;

/** One worker per core, at most MAX_POOL_WORKERS (more would only compete with the page and the transfers). */
export function poolSize(hardwareConcurrency: number | undefined): number {
  const cores = Number.isSafeInteger(hardwareConcurrency) ? (hardwareConcurrency ?? 1) : 1;
  return Math.max(1, Math.min(cores, MAX_POOL_WORKERS));
}

/** What one answer means for its job: a value, or an error that rejects it. */
export type Settled<T> = { id: number; value: T } | { id: number; error: string };

interface WorkerPoolSpec<Request, Response, T> {
  /** "sealing" or "opening", and its article: they go into the error messages. */
  what: string;
  article: 'a' | 'an';
  size: number;
  spawn: () => PoolWorkerLike<Request>;
  init: Request;
  answers: v.GenericSchema<unknown, Response>;
  settle: (answer: Response) => Settled<T>;
}

interface WorkerPool<Request, T> {
  readonly size: number;
  /** Runs one job; `job` builds its message (and what to transfer) only once a worker is chosen. */
  run(job: (id: number) => { message: Request; transfer: Transferable[] }): Promise<T>;
  /** Terminates every worker; jobs still pending reject. */
  close(): void;
}

type Pending<T> = { resolve: (value: T) => void; reject: (e: Error) => void };
type Slot<Request, T> = { worker: PoolWorkerLike<Request>; pending: Map<number, Pending<T>>; alive: boolean };

export function createWorkerPool<Request, Response, T>(
  spec: WorkerPoolSpec<Request, Response, T>,
): WorkerPool<Request, T> {
  const { what } = spec;
  const one = `${spec.article} ${what} worker`;
  let nextId = 1;
  let closed = false;

  const fail = (slot: Slot<Request, T>, message: string): void => {
    slot.alive = false;
    slot.worker.terminate();
    for (const p of slot.pending.values()) p.reject(new Error(message));
    slot.pending.clear();
  };

  const slots: Slot<Request, T>[] = Array.from({ length: spec.size }, () => {
    const slot: Slot<Request, T> = { worker: spec.spawn(), pending: new Map(), alive: true };
    slot.worker.addEventListener('message', (event) => {
      const parsed = v.safeParse(spec.answers, event.data);
      if (!parsed.success) return fail(slot, `unexpected message from ${one}`);
      const settled = spec.settle(parsed.output);
      const job = slot.pending.get(settled.id);
      if (!job) {
        // An error for an unknown id: the worker refused its init; nothing it answers can be trusted.
        if ('error' in settled) fail(slot, settled.error);
        return;
      }
      slot.pending.delete(settled.id);
      if ('error' in settled) job.reject(new Error(settled.error));
      else job.resolve(settled.value);
    });
    // The script failed to load (refused by CSP, say) or ran out of memory.
    slot.worker.addEventListener('error', () => fail(slot, `${one} stopped`));
    slot.worker.addEventListener('messageerror', () => fail(slot, `unreadable message from ${one}`));
    slot.worker.postMessage(spec.init, []);
    return slot;
  });

  return {
    size: spec.size,
    run(job) {
      if (closed) return Promise.reject(new Error(`the ${what} workers were stopped`));
      const live = slots.filter((s) => s.alive);
      if (live.length === 0) return Promise.reject(new Error(`no ${what} worker is running`));
      const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      const { message, transfer } = job(id);
      return new Promise<T>((resolve, reject) => {
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage(message, transfer);
      });
    },
    close() {
      if (closed) return;
      closed = true;
      for (const slot of slots) if (slot.alive) fail(slot, `the ${what} workers were stopped`);
    },
  };
}
