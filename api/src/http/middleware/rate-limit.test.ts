/** Per-client rate limits through the app, with the fake clock (no sleeping). */
import { afterEach, describe, expect, test } from 'vitest';
import type { Config } from '../../config/config.ts';
import { parseTrustedProxy, type TrustedProxy } from '../../net/client-ip.ts';
import {
  createSecret,
  createTestApp,
  expectError,
  fromPeer,
  postJson,
  proofPair,
  type TestApp,
} from '../../testing/harness.ts';

const rate = (limit: number, periodSeconds = 60) => ({ limit, periodSeconds });
const LIMITS: Config['rateLimit'] = {
  enabled: true,
  create: rate(3),
  meta: rate(4),
  reveal: rate(5),
  failures: rate(2),
};

let t: TestApp;
afterEach(async () => {
  await t.close();
});
async function app(overrides: Partial<Config> = {}): Promise<TestApp> {
  t = await createTestApp({ config: { rateLimit: LIMITS, ...overrides } });
  return t;
}

const A = '203.0.113.10';
const B = '198.51.100.20';
const meta = (id: string, peer = A, headers: Record<string, string> = {}) =>
  t.app.request(`/api/v1/secrets/${id}`, { headers }, fromPeer(peer));
const reveal = (id: string, keyProof: string, peer = A) =>
  postJson(t.app, `/api/v1/secrets/${id}/reveal`, { keyProof }, { peer });

test('responses carry RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers-11)', async () => {
  await app();
  const s = await createSecret(t.app, { peer: A });
  const res = await meta(s.id);
  expect(res.status).toBe(200);
  expect(res.headers.get('ratelimit-policy')).toBe('"meta";q=4;w=60');
  expect(res.headers.get('ratelimit')).toBe('"meta";r=3;t=15');
  const revealed = await reveal(s.id, s.keyProof);
  expect(revealed.headers.get('ratelimit-policy')).toBe('"reveal";q=5;w=60, "failures";q=2;w=60');
  expect(revealed.headers.get('ratelimit')).toBe('"reveal";r=4;t=12, "failures";r=2;t=30');
  // Error responses carry them too.
  const missing = await meta('AAAAAAAAAAAAAAAAAAAAAA');
  expect(missing.status).toBe(404);
  expect(missing.headers.get('ratelimit')).toBe('"meta";r=2;t=15');
});

test('429 rate_limited with Retry-After once the bucket is empty; refilled by the (fake) clock', async () => {
  await app();
  for (let i = 0; i < 3; i++) await createSecret(t.app, { peer: A });
  const res = await postJson(t.app, '/api/v1/secrets', {}, { peer: A });
  const err = await expectError(res, 429);
  expect(err.code).toBe('rate_limited');
  expect(err.limit).toBe('requests');
  expect(err.message).toBe('too many requests; try again in 20 s');
  expect(res.headers.get('retry-after')).toBe('20');
  expect(res.headers.get('ratelimit')).toBe('"create";r=0;t=20');
  expect(res.headers.get('cache-control')).toBe('no-store');

  t.clock.advance(19_999);
  expect((await postJson(t.app, '/api/v1/secrets', {}, { peer: A })).status).toBe(429);
  t.clock.advance(1);
  // Through the limiter again; the empty body is then a 400, which proves the request got in.
  expect((await postJson(t.app, '/api/v1/secrets', {}, { peer: A })).status).toBe(400);
});

test('limits are per client and per category', async () => {
  await app();
  const s = await createSecret(t.app, { peer: B });
  for (let i = 0; i < 4; i++) expect((await meta(s.id, A)).status).toBe(200);
  expect((await meta(s.id, A)).status).toBe(429);
  expect((await meta(s.id, B)).status).toBe(200);
  expect((await meta(s.id, '::ffff:203.0.113.10')).status).toBe(429);
  await createSecret(t.app, { peer: A });
  expect((await reveal(s.id, s.keyProof, A)).status).toBe(200);
});

test('an IPv6 client is limited by its /64', async () => {
  await app();
  const s = await createSecret(t.app, { peer: '2001:db8:1:2::1' });
  for (let i = 0; i < 4; i++) await meta(s.id, `2001:db8:1:2::${i + 10}`);
  expect((await meta(s.id, '2001:db8:1:2:ffff::1')).status).toBe(429);
  expect((await meta(s.id, '2001:db8:1:3::1')).status).toBe(200);
});

test('failed key attempts have their own, smaller budget; successes do not use it', async () => {
  await app({ rateLimit: { ...LIMITS, reveal: rate(100) } });
  const s = await createSecret(t.app, { peer: A, views: 10 });
  for (let i = 0; i < 3; i++) expect((await reveal(s.id, s.keyProof)).status).toBe(200);
  expect((await reveal(s.id, proofPair().keyProof)).status).toBe(403);
  expect((await reveal(s.id, proofPair().keyProof)).status).toBe(403);
  const res = await reveal(s.id, s.keyProof);
  const err = await expectError(res, 429);
  expect(err.message).toMatch(/^too many failed attempts; try again in 30 s/);
  expect(res.headers.get('retry-after')).toBe('30');
  expect(res.headers.get('ratelimit')).toBe('"reveal";r=94;t=1, "failures";r=0;t=30');
  // Burn shares the reveal and failure budgets.
  expect((await postJson(t.app, `/api/v1/secrets/${s.id}/burn`, { keyProof: s.keyProof }, { peer: A })).status).toBe(
    429,
  );
  expect((await reveal(s.id, s.keyProof, B)).status).toBe(200);
  t.clock.advance(30_000);
  expect((await reveal(s.id, s.keyProof)).status).toBe(200);
});

test('wrong passphrases use the failure budget; a missing passProof does not', async () => {
  await app({ rateLimit: { ...LIMITS, reveal: rate(100) } });
  const s = await createSecret(t.app, { peer: A, passphrase: true });
  for (let i = 0; i < 3; i++) expect((await reveal(s.id, s.keyProof)).status).toBe(403);
  const wrong = () =>
    postJson(
      t.app,
      `/api/v1/secrets/${s.id}/reveal`,
      { keyProof: s.keyProof, passProof: proofPair().keyProof },
      { peer: A },
    );
  expect((await wrong()).status).toBe(403);
  expect((await wrong()).status).toBe(403);
  expect((await wrong()).status).toBe(429);
});

test('clients behind a trusted proxy are told apart by X-Forwarded-For', async () => {
  const proxies = ['10.0.0.1'].map((p) => parseTrustedProxy(p)).filter((p): p is TrustedProxy => p !== undefined);
  await app({ trustedProxies: proxies });
  const s = await createSecret(t.app, { peer: B });
  for (let i = 0; i < 4; i++) await meta(s.id, '10.0.0.1', { 'x-forwarded-for': '192.0.2.1' });
  expect((await meta(s.id, '10.0.0.1', { 'x-forwarded-for': '192.0.2.1' })).status).toBe(429);
  expect((await meta(s.id, '10.0.0.1', { 'x-forwarded-for': '192.0.2.2' })).status).toBe(200);
});

describe('not limited', () => {
  test('ZKPUSH_RATE_LIMIT=off: no limits and no headers', async () => {
    await app({ rateLimit: { ...LIMITS, enabled: false } });
    const s = await createSecret(t.app, { peer: A });
    for (let i = 0; i < 10; i++) {
      const res = await meta(s.id);
      expect(res.status).toBe(200);
      expect(res.headers.get('ratelimit')).toBeNull();
    }
  });

  test('GET /api/v1/config', async () => {
    await app();
    for (let i = 0; i < 10; i++) expect((await t.app.request('/api/v1/config', {}, fromPeer(A))).status).toBe(200);
  });
});
