import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, isTransient, sleep } from './transfer-retry.ts';

describe('isTransient', () => {
  it('retries what can heal by itself and nothing the server refused', () => {
    expect(isTransient({ kind: 'network', message: 'Failed to fetch' })).toBe(true);
    expect(isTransient({ kind: 'bad_response', status: 502, message: 'HTML' })).toBe(true);
    expect(isTransient({ kind: 'bad_response', status: 400, message: 'HTML' })).toBe(false);
    for (const code of ['rate_limited', 'service_unavailable', 'internal_error'] as const) {
      expect(isTransient({ kind: 'error', status: 500, code, message: '' })).toBe(true);
    }
    for (const code of ['gone', 'unauthorized', 'forbidden', 'insufficient_storage', 'payload_too_large'] as const) {
      expect(isTransient({ kind: 'error', status: 400, code, message: '' })).toBe(false);
    }
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, jittered into [½, 1) of that', () => {
    const policy = { attempts: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4, 20].map((n) => backoffDelay(policy, n, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(backoffDelay(policy, 2, () => 0.999)).toBeLessThanOrEqual(400);
    expect(backoffDelay(DEFAULT_RETRY, 0, () => 0.5)).toBe(375);
  });

  it('never retries sooner than Retry-After', () => {
    expect(backoffDelay(DEFAULT_RETRY, 0, () => 0, 30)).toBe(30_000);
  });
});

describe('sleep', () => {
  it('ends early when its signal aborts', async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    controller.abort();
    await expect(slept).resolves.toBeUndefined();
    await expect(sleep(60_000, controller.signal)).resolves.toBeUndefined();
  });
});
