/**
 * The free disk space the disk reserve is judged against (domain/storage-room.ts), read with statfs at
 * most once per `maxAgeMs` instead of once per create: a statfs per request cost 11 % of the server's
 * CPU under create load (docs/performance.md "Where a create's time goes"). Between two reads, every
 * push or chunk that is let in debits what it will write, so concurrent creates judged against the
 * same figure cannot all take the same last room (the overshoot of reading statfs once per request,
 * before the transaction, where a dozen creates in flight all saw the same free space).
 *
 * `available()` is synchronous so a caller can read it and `debit()` inside one serialised transaction;
 * `refresh()` is the async part and runs before it. A refresh keeps the debits made while its statfs was
 * in flight (the figure may predate their writes) and forgets those made before (their writes were done).
 */
export interface FreeSpace {
  /** Reads statfs again if the figure is older than maxAgeMs; one read at a time, shared by all callers. */
  refresh(): Promise<void>;
  /** The latest figure minus what was debited since: bytes this process may still write. */
  available(): number;
  /** Takes `bytes` off the figure until the next read (a push or chunk was let in and will write them). */
  debit(bytes: number): void;
  /** Gives back a debit whose write will not happen (a create refused after it took its room). */
  credit(bytes: number): void;
}

/** How long one statfs figure is trusted in production. */
export const FREE_SPACE_MAX_AGE_MS = 1000;

export function createFreeSpace(options: {
  read: () => Promise<number>;
  /** Default FREE_SPACE_MAX_AGE_MS; 0 reads statfs on every refresh (tests that change the disk at will). */
  maxAgeMs?: number;
  /** Monotonic milliseconds (default performance.now). */
  now?: () => number;
}): FreeSpace {
  const maxAgeMs = options.maxAgeMs ?? FREE_SPACE_MAX_AGE_MS;
  const now = options.now ?? (() => performance.now());
  let figure = 0;
  let readAt = -Infinity;
  /** Every debit ever made; `debitedAtRead` is its value when the current figure's statfs started. */
  let debited = 0;
  let debitedAtRead = 0;
  let inFlight: Promise<void> | undefined;

  const read = async (): Promise<void> => {
    const startedAt = now();
    const debitedBefore = debited;
    const value = await options.read();
    figure = value;
    readAt = startedAt;
    debitedAtRead = debitedBefore;
  };

  return {
    refresh() {
      if (inFlight !== undefined) return inFlight;
      if (now() - readAt < maxAgeMs) return Promise.resolve();
      inFlight = read().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    available() {
      return figure - (debited - debitedAtRead);
    },
    debit(bytes) {
      if (!(bytes >= 0)) throw new RangeError('a debit is a byte count');
      debited += bytes;
    },
    credit(bytes) {
      if (!(bytes >= 0)) throw new RangeError('a credit is a byte count');
      debited -= bytes;
    },
  };
}
