import { describe, expect, test } from 'vitest';
import { createFakeClock } from '../testing/fake-clock.ts';
import { createTokenBuckets } from './token-bucket.ts';

describe('token buckets (fake clock, no sleeping)', () => {
  test('a full bucket allows `limit` requests, then reports when the next one is possible', () => {
    const clock = createFakeClock();
    const buckets = createTokenBuckets({ limit: 3, periodSeconds: 60 }, clock);
    expect(buckets.take('a')).toEqual({ kind: 'ok', remaining: 2, resetSeconds: 20 });
    expect(buckets.take('a')).toMatchObject({ kind: 'ok', remaining: 1 });
    expect(buckets.take('a')).toMatchObject({ kind: 'ok', remaining: 0 });
    expect(buckets.take('a')).toEqual({ kind: 'limited', retryAfterSeconds: 20, remaining: 0, resetSeconds: 20 });
    clock.advance(15_000);
    expect(buckets.take('a')).toMatchObject({ kind: 'limited', retryAfterSeconds: 5 });
  });

  test('refills exactly: one period later the bucket is full again, never fuller', () => {
    const clock = createFakeClock();
    const buckets = createTokenBuckets({ limit: 10, periodSeconds: 60 }, clock);
    for (let i = 0; i < 10; i++) expect(buckets.take('a').kind).toBe('ok');
    clock.advance(6_000 - 1);
    expect(buckets.take('a').kind).toBe('limited');
    clock.advance(1);
    expect(buckets.take('a')).toMatchObject({ kind: 'ok', remaining: 0 });
    clock.advance(10 * 60_000);
    expect(buckets.peek('a')).toEqual({ remaining: 10, resetSeconds: 6 });
  });

  test('keys are independent', () => {
    const buckets = createTokenBuckets({ limit: 1, periodSeconds: 1 }, createFakeClock());
    expect(buckets.take('a').kind).toBe('ok');
    expect(buckets.take('a').kind).toBe('limited');
    expect(buckets.take('b').kind).toBe('ok');
  });

  test('refund gives a token back but never above the bucket size', () => {
    const buckets = createTokenBuckets({ limit: 2, periodSeconds: 60 }, createFakeClock());
    buckets.take('a');
    buckets.refund('a');
    buckets.refund('a');
    expect(buckets.peek('a').remaining).toBe(2);
  });

  test('memory is bounded: the least recently used key is evicted', () => {
    const buckets = createTokenBuckets({ limit: 1, periodSeconds: 3600 }, createFakeClock(), 3);
    for (const key of ['a', 'b', 'c']) buckets.take(key);
    buckets.take('a'); // touch a: b is now the oldest
    buckets.take('d');
    expect(buckets.size).toBe(3);
    expect(buckets.take('a').kind).toBe('limited'); // a was kept
    expect(buckets.take('b').kind).toBe('ok'); // b was forgotten (fail open)
  });
});
