/**
 * Where the rate limiter's buckets live: in this process's memory (token-bucket.ts; one SQLite
 * instance), or in PostgreSQL so that every instance on the database draws from the same bucket per
 * client (db/postgres/postgres-rate-buckets.ts). Asynchronous because the shared ones are.
 */
import type { Clock } from '../clock.ts';
import { createTokenBuckets, type BucketState, type Rate, type TakeResult } from './token-bucket.ts';

export type Policy = 'create' | 'meta' | 'reveal' | 'failures';

export interface RateBuckets {
  readonly rate: Rate;
  /** Takes one token for `key`, or reports how long until one is available. */
  take(key: string): Promise<TakeResult>;
  /** Gives back a token taken by `take` (never above the bucket size). */
  refund(key: string): Promise<void>;
  /** The state without taking anything. */
  peek(key: string): Promise<BucketState>;
}

export type RateBucketsFactory = (policy: Policy, rate: Rate, clock: Clock) => RateBuckets;

export const inMemoryRateBuckets: RateBucketsFactory = (_policy, rate, clock) => {
  const buckets = createTokenBuckets(rate, clock);
  return {
    rate,
    take: (key) => Promise.resolve(buckets.take(key)),
    refund: (key) => Promise.resolve(buckets.refund(key)),
    peek: (key) => Promise.resolve(buckets.peek(key)),
  };
};
