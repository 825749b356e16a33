/**
 * In-process coordination of file transfers, per push:
 *
 * - Uploads and downloads take a *shared* hold for as long as their bytes flow; finalising and
 *   deleting a push's blobs take an *exclusive* one. Waiters are served in arrival order, and a shared
 *   request waits behind an exclusive one already waiting, so a stream of downloads cannot starve a
 *   deletion. Finalise therefore fsyncs with no chunk write in flight, and a deletion unlinks nothing
 *   while a chunk is still being written (which would recreate the file after it).
 * - `abort(id)` aborts the signal of every shared hold of that push: a creator deletion, a viewer burn
 *   or a lock-out cuts off in-flight downloads (and uploads) at once instead of letting them finish.
 * - `serial(key, fn)` runs work on one key (one chunk) one at a time, so two PUTs of the same chunk
 *   cannot interleave their writes.
 *
 * One process owns the data directory (docs/self-hosting.md), so an in-memory registry is enough.
 */

export type Hold = { readonly signal: AbortSignal; release(): void };

export interface TransferRegistry {
  share(id: string): Promise<Hold>;
  exclusive<T>(id: string, fn: () => Promise<T>): Promise<T>;
  abort(id: string): void;
  serial<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Shared holds currently granted on `id` (for tests and shutdown). */
  holds(id: string): number;
}

type Waiter = { exclusive: boolean; grant: () => void };
type Entry = { shared: Set<AbortController>; exclusive: boolean; queue: Waiter[] };

export function createTransferRegistry(): TransferRegistry {
  const entries = new Map<string, Entry>();
  const chains = new Map<string, Promise<unknown>>();

  const entryOf = (id: string): Entry => {
    let entry = entries.get(id);
    if (entry === undefined) {
      entry = { shared: new Set(), exclusive: false, queue: [] };
      entries.set(id, entry);
    }
    return entry;
  };

  function pump(id: string, entry: Entry): void {
    while (entry.queue.length > 0 && !entry.exclusive) {
      const next = entry.queue[0]!;
      if (next.exclusive && entry.shared.size > 0) break;
      entry.queue.shift();
      next.grant();
    }
    if (!entry.exclusive && entry.shared.size === 0 && entry.queue.length === 0) entries.delete(id);
  }

  function share(id: string): Promise<Hold> {
    const entry = entryOf(id);
    return new Promise((resolve) => {
      const grant = () => {
        const controller = new AbortController();
        entry.shared.add(controller);
        let released = false;
        resolve({
          signal: controller.signal,
          release: () => {
            if (released) return;
            released = true;
            entry.shared.delete(controller);
            pump(id, entry);
          },
        });
      };
      if (!entry.exclusive && entry.queue.length === 0) grant();
      else entry.queue.push({ exclusive: false, grant });
    });
  }

  async function exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const entry = entryOf(id);
    await new Promise<void>((resolve) => {
      const grant = () => {
        entry.exclusive = true;
        resolve();
      };
      if (!entry.exclusive && entry.shared.size === 0 && entry.queue.length === 0) grant();
      else entry.queue.push({ exclusive: true, grant });
    });
    try {
      return await fn();
    } finally {
      entry.exclusive = false;
      pump(id, entry);
    }
  }

  return {
    share,
    exclusive,
    abort(id) {
      for (const controller of entries.get(id)?.shared ?? []) controller.abort();
    },
    async serial(key, fn) {
      const before = chains.get(key) ?? Promise.resolve();
      const run = before.then(fn, fn);
      const settled = run.then(
        () => undefined,
        () => undefined,
      );
      chains.set(key, settled);
      try {
        return await run;
      } finally {
        if (chains.get(key) === settled) chains.delete(key);
      }
    },
    holds: (id) => entries.get(id)?.shared.size ?? 0,
  };
}
