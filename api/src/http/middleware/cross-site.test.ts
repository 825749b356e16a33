/**
 * Cross-site requests and wrong media types are refused before any rate-limit budget is touched
 * (issue 10 §5): a page on another site cannot spend a visitor's reveal budget, and browsers of this
 * origin, the CLI and scripts keep working.
 */
import { afterEach, describe, expect, test } from 'vitest';
import type { Config } from '../../config/config.ts';
import { createSecret, createTestApp, expectError, fromPeer, proofPair, type TestApp } from '../../testing/harness.ts';

const VISITOR = '203.0.113.10';
const LIMITS: Config['rateLimit'] = {
  enabled: true,
  create: { limit: 5, periodSeconds: 60 },
  meta: { limit: 5, periodSeconds: 60 },
  reveal: { limit: 5, periodSeconds: 60 },
  failures: { limit: 5, periodSeconds: 60 },
};
/** What Chromium sends with a `fetch` or form POST from a page on another site. */
const FROM_EVIL = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors', origin: 'https://evil.example' };

let t: TestApp;
afterEach(async () => {
  await t.close();
});

function post(path: string, body: string, headers: Record<string, string>): Promise<Response> {
  return Promise.resolve(t.app.request(path, { method: 'POST', body, headers }, fromPeer(VISITOR)));
}

const revealBody = (keyProof: string) => JSON.stringify({ keyProof });

describe('before any budget is touched', () => {
  test('100 cross-site posts to reveal, burn and create leave every budget untouched', async () => {
    t = await createTestApp({ config: { rateLimit: LIMITS } });
    const push = await createSecret(t.app, { peer: '198.51.100.1' });
    const wrong = revealBody(proofPair().keyProof);
    for (let i = 0; i < 100; i++) {
      const plain = { ...FROM_EVIL, 'content-type': 'text/plain' };
      expect((await post(`/api/v1/secrets/${push.id}/reveal`, wrong, plain)).status).toBe(403);
      expect((await post(`/api/v1/secrets/${push.id}/burn`, wrong, plain)).status).toBe(403);
      expect((await post('/api/v1/secrets', '{}', plain)).status).toBe(403);
    }
    // The visitor's own reveal, from the app's origin: the first token of a full budget.
    const own = await post(`/api/v1/secrets/${push.id}/reveal`, revealBody(push.keyProof), {
      'content-type': 'application/json',
      'sec-fetch-site': 'same-origin',
      origin: 'http://localhost',
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('ratelimit')).toMatch(/^"reveal";r=4;t=\d+, "failures";r=5;/);
  });

  test('a wrong Content-Type is 415 without a token taken, from scripts too', async () => {
    t = await createTestApp({ config: { rateLimit: LIMITS } });
    const push = await createSecret(t.app, { peer: '198.51.100.1' });
    for (let i = 0; i < 20; i++) {
      const res = await post(`/api/v1/secrets/${push.id}/reveal`, revealBody(push.keyProof), {
        'content-type': 'text/plain',
      });
      expect((await expectError(res, 415)).code).toBe('unsupported_media_type');
    }
    const own = await post(`/api/v1/secrets/${push.id}/reveal`, revealBody(push.keyProof), {
      'content-type': 'application/json',
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('ratelimit')).toMatch(/^"reveal";r=4;/);
  });
});

describe('who is refused', () => {
  const json = { 'content-type': 'application/json' };

  test.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site', origin: 'http://localhost' }],
    ['Sec-Fetch-Site: same-site (another origin of the site)', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a foreign Origin with Sec-Fetch-Site: same-origin', { 'sec-fetch-site': 'same-origin', origin: 'http://x' }],
    ['Origin: null (a sandboxed page)', { origin: 'null' }],
    ['the right host on another port', { origin: 'http://localhost:8081' }],
    ['a browser request without Origin', { 'sec-fetch-site': 'same-origin' }],
  ])('403 for %s', async (_, headers) => {
    t = await createTestApp();
    const push = await createSecret(t.app);
    const res = await post(`/api/v1/secrets/${push.id}/burn`, revealBody(push.keyProof), { ...json, ...headers });
    expect((await expectError(res, 403)).code).toBe('forbidden');
    // Owner DELETE too.
    const del = await t.app.request(`/api/v1/secrets/${push.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${push.ownerToken}`, ...headers },
    });
    expect(del.status).toBe(403);
  });

  test.each([
    ['the CLI and scripts (no Origin, no Sec-Fetch-Site)', {}],
    ["Node's fetch (Sec-Fetch-Mode: cors only)", { 'sec-fetch-mode': 'cors' }],
    ['the app in a browser', { 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', origin: 'http://localhost' }],
    ['an Origin with the default port spelled out in Host', { host: 'localhost:80', origin: 'http://localhost' }],
    ['the app where the browser nulls Origin (no-referrer)', { 'sec-fetch-site': 'same-origin', origin: 'null' }],
  ])('allowed: %s', async (_, headers) => {
    t = await createTestApp();
    const push = await createSecret(t.app);
    const res = await post(`/api/v1/secrets/${push.id}/reveal`, revealBody(push.keyProof), { ...json, ...headers });
    expect(res.status).toBe(200);
  });

  test('behind a proxy that rewrites Host, an Origin equal to ZKPUSH_PUBLIC_URL is this server', async () => {
    t = await createTestApp({ config: { publicUrl: 'https://push.example.org' } });
    const push = await createSecret(t.app);
    const headers = { ...json, host: '127.0.0.1:8080', 'sec-fetch-site': 'same-origin' };
    const res = await post(`/api/v1/secrets/${push.id}/reveal`, revealBody(push.keyProof), {
      ...headers,
      origin: 'https://push.example.org',
    });
    expect(res.status).toBe(200);
    const other = await post(`/api/v1/secrets/${push.id}/burn`, revealBody(push.keyProof), {
      ...headers,
      origin: 'https://evil.example',
    });
    expect(other.status).toBe(403);
  });

  test('reads are not affected: a cross-site GET of metadata answers', async () => {
    t = await createTestApp();
    const push = await createSecret(t.app);
    const res = await t.app.request(`/api/v1/secrets/${push.id}`, { headers: FROM_EVIL });
    expect(res.status).toBe(200);
  });
});
