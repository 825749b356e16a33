/**
 * In-memory token buckets, one per client key, for one rate ("N per period").
 *
 * A bucket holds up to N tokens and refills continuously at N per period; a request takes one. Levels
 * are kept as integers scaled by the period (a token = `periodMs` units, refill = N units per ms), so
 * a fake clock moved by exactly one period refills exactly N tokens — no floating-point drift.
 *
 * Memory is bounded: at most `maxKeys` buckets, least recently used evicted first. Evicting a bucket
 * forgets that client's debt, which errs towards letting requests through; a full bucket carries no
 * state at all, so dropping it changes nothing. The clock is injected so tests need no sleeping.
 */
import type { Clock } from '../clock.ts';

export type Rate = Readonly<{ limit: number; periodSeconds: number }>;

/** What a client can see about its bucket (draft-ietf-httpapi-ratelimit-headers §4.1: r and t). */
export type BucketState = {
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until `remaining` grows by one (with a full bucket: how long one token takes to refill). */
  resetSeconds: number;
};

export type TakeResult =
  ({ kind: 'ok' } & BucketState) | ({ kind: 'limited'; retryAfterSeconds: number } & BucketState);

export interface TokenBuckets {
  readonly rate: Rate;
  /** Takes one token for `key`, or reports how long until one is available. */
  take(key: string): TakeResult;
  /** Gives back a token taken by `take` (never above the bucket size). */
  refund(key: string): void;
  /** The state without taking anything. */
  peek(key: string): BucketState;
  /** Number of tracked keys (for tests of the memory bound). */
  readonly size: number;
}

type Bucket = { level: number; at: number };

const DEFAULT_MAX_KEYS = 10_000;

export function createTokenBuckets(rate: Rate, clock: Clock, maxKeys = DEFAULT_MAX_KEYS): TokenBuckets {
  const periodMs = rate.periodSeconds * 1000;
  const token = periodMs;
  const capacity = rate.limit * token;
  const buckets = new Map<string, Bucket>();

  /** Current bucket for `key`, refilled up to now and moved to the most-recently-used end. */
  function current(key: string): Bucket {
    const now = clock.now();
    const found = buckets.get(key);
    buckets.delete(key);
    const bucket: Bucket = found
      ? { level: Math.min(capacity, found.level + Math.max(0, now - found.at) * rate.limit), at: now }
      : { level: capacity, at: now };
    buckets.set(key, bucket);
    while (buckets.size > maxKeys) {
      const oldest = buckets.keys().next();
      if (oldest.done === true) break;
      buckets.delete(oldest.value);
    }
    return bucket;
  }

  const { stateOf, takeFrom } = bucketMath(rate);

  return {
    rate,
    take(key) {
      const bucket = current(key);
      const result = takeFrom(bucket.level);
      if (result.kind === 'ok') bucket.level -= token;
      return result;
    },
    refund(key) {
      const bucket = current(key);
      bucket.level = Math.min(capacity, bucket.level + token);
    },
    peek: (key) => stateOf(current(key).level),
    get size() {
      return buckets.size;
    },
  };
}

/**
 * The arithmetic of one rate, on a bucket's level in units (a token = `periodMs` units, refilled at
 * `limit` units per ms): shared with the PostgreSQL buckets (db/postgres/postgres-rate-buckets.ts), so
 * both answer the same headers.
 */
export function bucketMath(rate: Rate) {
  const token = rate.periodSeconds * 1000;
  const capacity = rate.limit * token;
  /** ms until the level reaches `target` units, rounded up to whole seconds. */
  const secondsUntil = (level: number, target: number): number => Math.ceil((target - level) / rate.limit / 1000);
  function stateOf(level: number): BucketState {
    const remaining = Math.floor(level / token);
    const next = level >= capacity ? token : (remaining + 1) * token;
    return { remaining, resetSeconds: secondsUntil(level >= capacity ? 0 : level, next) };
  }
  /** Taking one token from a bucket at `level` (before the take): the answer, not the new level. */
  function takeFrom(level: number): TakeResult {
    if (level < token) {
      const retryAfterSeconds = Math.max(1, secondsUntil(level, token));
      return { kind: 'limited', retryAfterSeconds, remaining: 0, resetSeconds: retryAfterSeconds };
    }
    return { kind: 'ok', ...stateOf(level - token) };
  }
  /** The level of a bucket last at `level` after `elapsedMs` more of refill. */
  const refilled = (level: number, elapsedMs: number): number =>
    Math.min(capacity, level + Math.max(0, elapsedMs) * rate.limit);
  return { token, capacity, stateOf, takeFrom, refilled };
}
