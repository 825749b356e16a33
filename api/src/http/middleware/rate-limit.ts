/**
 * Per-client rate limiting (ZKPUSH_RATE_*): token buckets for create, meta (metadata, events, owner
 * delete), reveal (reveal and burn) and failures (wrong keyProof or passphrase). The client is the
 * key of http/client.ts (clientKey) — an IPv6 client by its /64, since one host usually owns a whole /64.
 *
 * Failures are reserved before a reveal or burn runs and given back when it did not fail, so even a
 * burst of concurrent guesses from one client cannot get more than the failure budget through.
 *
 * Headers follow draft-ietf-httpapi-ratelimit-headers-11 (§3, §4), Structured Field lists:
 *   RateLimit-Policy: "reveal";q=60;w=60, "failures";q=10;w=60
 *   RateLimit: "reveal";r=59;t=1, "failures";r=10;t=6
 * `q` is the bucket size and `w` the period in which it refills completely; `r` the whole tokens left,
 * `t` the seconds until `r` grows by one — so "no more than r requests within t seconds" holds exactly.
 * A 429 adds Retry-After (RFC 9110 §10.2.3) equal to that `t`, as the draft asks (§6).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { principalOf } from '../../auth/principal.ts';
import type { Clock } from '../../clock.ts';
import type { RateLimits } from '../../config/config.ts';
import type { BucketState } from '../../rate-limit/token-bucket.ts';
import {
  inMemoryRateBuckets,
  type Policy,
  type RateBuckets,
  type RateBucketsFactory,
} from '../../rate-limit/rate-buckets.ts';
import { ApiError } from '../api-error.ts';
import { clientKey, type ClientResolver } from '../client.ts';

type RateCategory = Exclude<Policy, 'failures'>;

export interface RateLimiter {
  /** Takes one `category` token before the handler; adds the RateLimit headers afterwards. */
  limit(category: RateCategory): MiddlewareHandler;
  /** Reserves a failure token (429 if none); call `refund` when the attempt did not fail. */
  reserveFailure(c: Context): Promise<{ refund(): Promise<void> }>;
}

const passThrough: MiddlewareHandler = (_c, next) => next();
const NO_RATE_LIMIT: RateLimiter = Object.freeze({
  limit: () => passThrough,
  reserveFailure: () => Promise.resolve({ refund: () => Promise.resolve() }),
});

export function createRateLimiter(deps: {
  limits: RateLimits;
  clock: Clock;
  client: ClientResolver;
  /** Where the buckets live; this process's memory unless shared (PostgreSQL, rate-limit/rate-buckets.ts). */
  buckets?: RateBucketsFactory;
}): RateLimiter {
  const { limits, clock } = deps;
  if (!limits.enabled) return NO_RATE_LIMIT;
  const make = deps.buckets ?? inMemoryRateBuckets;
  const buckets: Record<Policy, RateBuckets> = {
    create: make('create', limits.create, clock),
    meta: make('meta', limits.meta, clock),
    reveal: make('reveal', limits.reveal, clock),
    failures: make('failures', limits.failures, clock),
  };
  const policiesOf = (category: RateCategory): Policy[] =>
    category === 'reveal' ? ['reveal', 'failures'] : [category];

  const keyOf = (c: Context): string => clientKey(deps.client(c));

  /** `known`: states already in hand (a take's answer), so shared buckets are not asked again. */
  async function headers(
    key: string,
    policies: readonly Policy[],
    known: Partial<Record<Policy, BucketState>> = {},
  ): Promise<Record<string, string>> {
    const policy = policies.map((p) => `"${p}";q=${buckets[p].rate.limit};w=${buckets[p].rate.periodSeconds}`);
    const states = await Promise.all(policies.map((p) => known[p] ?? buckets[p].peek(key)));
    const state = states.map(({ remaining, resetSeconds }, i) => `"${policies[i]!}";r=${remaining};t=${resetSeconds}`);
    return { 'RateLimit-Policy': policy.join(', '), RateLimit: state.join(', ') };
  }

  async function limited(key: string, policy: Policy, category: RateCategory, retryAfter: number): Promise<ApiError> {
    const what = policy === 'failures' ? 'too many failed attempts' : 'too many requests';
    return new ApiError('rate_limited', `${what}; try again in ${retryAfter} s`, {
      limit: 'requests',
      headers: { 'Retry-After': String(retryAfter), ...(await headers(key, policiesOf(category))) },
    });
  }

  /**
   * An API token has its own budget besides its address's (issue 12 §3): a CI fleet behind one NAT
   * shares the address's, and one leaked token cannot spend more than its own from many addresses.
   */
  async function takeTokenBudget(c: Context, category: RateCategory): Promise<void> {
    const principal = principalOf(c);
    if (principal.kind !== 'token') return;
    const key = `token:${principal.token.id}`;
    const taken = await buckets[category].take(key);
    if (taken.kind === 'limited') throw await limited(key, category, category, taken.retryAfterSeconds);
  }

  return {
    limit(category) {
      return async (c, next) => {
        const key = keyOf(c);
        const taken = await buckets[category].take(key);
        if (taken.kind === 'limited') throw await limited(key, category, category, taken.retryAfterSeconds);
        await takeTokenBudget(c, category);
        await next();
        const after = await headers(key, policiesOf(category), { [category]: taken });
        for (const [name, value] of Object.entries(after)) c.res.headers.set(name, value);
      };
    },
    async reserveFailure(c) {
      const key = keyOf(c);
      const taken = await buckets.failures.take(key);
      if (taken.kind === 'limited') throw await limited(key, 'failures', 'reveal', taken.retryAfterSeconds);
      let refunded = false;
      return {
        async refund() {
          if (refunded) return;
          refunded = true;
          await buckets.failures.refund(key);
        },
      };
    },
  };
}
