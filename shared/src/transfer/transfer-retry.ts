/**
 * When a chunk upload or a download gives up and when it tries again, shared by upload.ts and
 * download.ts. Only failures that can heal by themselves are retried — a dropped connection, a proxy's
 * error page, an overloaded or restarting server — never a refusal (a bad token, a push that is gone,
 * a full disk), which would fail the same way every time. Delays grow exponentially with jitter (so
 * many clients cut off at once do not come back in lockstep) and honour a server's Retry-After.
 */
import type { ApiFailure } from './api-client.ts';

export type RetryPolicy = {
  /** Tries of one request before the caller falls back to resuming or gives up (≥ 1). */
  attempts: number;
  /** Delay before the first retry; doubled for each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
};

/** About 7.5 s of waiting per request before it counts as failed (0.5 + 1 + 2 + 4 s, with jitter). */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({ attempts: 5, baseDelayMs: 500, maxDelayMs: 15_000 });

/** Waits `ms`, or less if `signal` aborts (callers check the signal afterwards). Injected in tests. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done);
  });

/** Codes that describe a passing condition of the server rather than a refusal of this request. */
const TRANSIENT_CODES: ReadonlySet<string> = new Set(['rate_limited', 'service_unavailable', 'internal_error']);

/** Whether trying the same request again later can succeed. */
export function isTransient(failure: ApiFailure): boolean {
  switch (failure.kind) {
    case 'network':
      return true;
    case 'bad_response':
      // A gateway's own error page (502, 504) instead of the server's JSON; a 4xx we cannot parse is not.
      return failure.status >= 500;
    case 'error':
      return TRANSIENT_CODES.has(failure.code);
  }
}

/**
 * Delay before retry number `retry` (0 = the first retry): base · 2^retry capped at max, scaled by a
 * random factor in [0.5, 1), and never shorter than the server's Retry-After (seconds).
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number, retryAfter?: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  const jittered = Math.round(exp * (0.5 + random() / 2));
  return Math.max(jittered, (retryAfter ?? 0) * 1000);
}
