/**
 * Rate limits through real HTTP and the shared client: a 429 carries `rate_limited` and Retry-After
 * (surfaced as `retryAfter` for the UI's "wait N seconds"), buckets are separate per category, and
 * a refused attempt consumes nothing.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { randomBytes } from '@zkpush/shared/crypto';
import { keyProofFor, sealText } from '@zkpush/shared/push';
import { ok, startTestServer, type TestServer } from './harness.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ ZKPUSH_RATE_CREATE: '3/min' });
});
afterAll(async () => {
  await srv.close();
});

test('the create bucket runs dry with rate_limited and a Retry-After; metadata is unaffected', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) ids.push(ok(await srv.client.create(sealText(`ok ${i}`).request)).id);
  const limited = await srv.client.create(sealText('one too many').request);
  expect(limited).toMatchObject({ kind: 'error', status: 429, code: 'rate_limited' });
  if (limited.kind === 'error') expect(limited.retryAfter).toBeGreaterThan(0);
  for (const id of ids) expect(ok(await srv.client.meta(id)).viewsLeft).toBe(1);
});

test('wrong keys exhaust the failure budget; then reveals are refused and nothing is consumed', async () => {
  // The create bucket is empty after the previous test, so use a second server for this push.
  const other = await startTestServer({ ZKPUSH_RATE_FAILURES: '2/min' });
  try {
    const sealed = sealText('guarded');
    const { id } = ok(await other.client.create(sealed.request));
    const wrong = { keyProof: keyProofFor(randomBytes(32)) };
    expect(await other.client.reveal(id, wrong)).toMatchObject({ status: 403, code: 'wrong_key' });
    expect(await other.client.reveal(id, wrong)).toMatchObject({ status: 403, code: 'wrong_key' });
    expect(await other.client.reveal(id, wrong)).toMatchObject({ status: 429, code: 'rate_limited' });
    const right = await other.client.reveal(id, { keyProof: keyProofFor(sealed.linkKey) });
    expect(right).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(ok(await other.client.meta(id)).viewsLeft).toBe(1);
  } finally {
    await other.close();
  }
});
