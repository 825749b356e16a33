/**
 * API tokens end to end (issue 12 §3): created by a signed-in person (shown once, stored hashed),
 * used by a script to create under `signed-in-or-token`, listed with last use, revoked by the owner or
 * an admin; unknown, expired and revoked tokens are 401 `token_invalid`, a missing scope 403; each
 * token has its own rate-limit budget besides its address's.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CreateTokenResponse, Me, TokenList } from '@zkpush/shared/auth-schemas';
import { toBase64url } from '@zkpush/shared/base64url';
import { defaultConfig, parseConfig, type Config } from '../config/config.ts';
import { createTestApp, expectError, fakeEnvelope, postJson, proofPair, type TestApp } from '../testing/harness.ts';
import { startTestProvider, TEST_CLIENT, type TestProvider } from '../testing/oidc-provider.ts';
import { signIn } from '../testing/sign-in.ts';
import { sha256Hex } from './secret-token.ts';

let provider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider({
    alice: { email: 'alice@example.com', email_verified: true },
    bob: { email: 'bob@example.com', email_verified: true },
    root: { email: 'root@example.com', email_verified: true, groups: ['admins'] },
  });
});
afterAll(async () => {
  await provider.close();
});

function config(env: Record<string, string> = {}): Partial<Config> {
  const parsed = parseConfig({
    ZKPUSH_AUTH: 'oidc',
    ZKPUSH_OIDC_ISSUER: provider.issuer,
    ZKPUSH_OIDC_CLIENT_ID: TEST_CLIENT.id,
    ZKPUSH_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
    ZKPUSH_OIDC_SCOPES: 'openid email groups',
    ZKPUSH_OIDC_REDIRECT_URL: TEST_CLIENT.redirectUrl,
    ZKPUSH_AUTH_ADMIN_GROUPS: 'admins',
    ZKPUSH_CREATE_POLICY: 'signed-in-or-token',
    ...env,
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return { auth: parsed.config.auth, rateLimit: { ...defaultConfig().rateLimit, enabled: false } };
}

async function withApp(options: Partial<Config>, run: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await createTestApp({ config: options });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

/** A signed-in person's headers for state-changing requests: the session cookie and its CSRF token. */
async function person(t: TestApp, login: string): Promise<Record<string, string>> {
  const { jar } = await signIn(t.app, login);
  const res = await t.app.request('http://localhost/api/v1/me', { headers: { cookie: jar.header() } });
  const me = v.parse(Me, await res.json());
  if (me.kind !== 'user' || me.csrfToken === null) throw new Error('not signed in');
  return { cookie: jar.header(), 'x-csrf-token': me.csrfToken };
}

async function newToken(t: TestApp, headers: Record<string, string>, body: object): Promise<CreateTokenResponse> {
  const res = await postJson(t.app, '/api/v1/tokens', body, { headers });
  if (res.status !== 201) throw new Error(`token create: ${res.status} ${await res.text()}`);
  return v.parse(CreateTokenResponse, await res.json());
}

const createBody = () => ({ envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API tokens', () => {
  test('created once, stored hashed, used to create, listed with last use, revoked', async () => {
    await withApp(config(), async (t) => {
      const alice = await person(t, 'alice');
      const { token, info } = await newToken(t, alice, { name: 'CI', scopes: ['create'], expiresIn: 86400 });
      expect(token).toMatch(/^zkpush\.[A-Za-z0-9_-]{43}$/);
      expect(info).toMatchObject({ name: 'CI', scopes: ['create'], lastUsedAt: null, revokedAt: null });
      const rows = await t.database.db.selectFrom('api_tokens').selectAll().execute();
      expect(rows.map((row) => row.token_hash)).toEqual([sha256Hex(token)]);
      expect(JSON.stringify(rows)).not.toContain(token.slice('zkpush.'.length));

      const created = await postJson(t.app, '/api/v1/secrets', createBody(), { headers: bearer(token) });
      expect(created.status).toBe(201);
      const who = v.parse(Me, await (await t.app.request('/api/v1/me', { headers: bearer(token) })).json());
      expect(who).toMatchObject({ kind: 'token', token: { id: info.id, scopes: ['create'] } });

      const list = v.parse(TokenList, await (await t.app.request('/api/v1/tokens', { headers: alice })).json());
      expect(list.tokens).toHaveLength(1);
      expect(list.tokens[0]?.lastUsedAt).not.toBeNull();
      expect(JSON.stringify(list)).not.toContain(token);

      const revoke = await t.app.request(`/api/v1/tokens/${info.id}`, { method: 'DELETE', headers: alice });
      expect(revoke.status).toBe(204);
      const after = await postJson(t.app, '/api/v1/secrets', createBody(), { headers: bearer(token) });
      const error = await expectError(after, 401);
      expect(error.code).toBe('token_invalid');
      expect(after.headers.get('www-authenticate')).toContain('invalid_token');
    });
  });

  test('expired, unknown and malformed tokens are 401 token_invalid; a missing scope is 403', async () => {
    await withApp(config(), async (t) => {
      const alice = await person(t, 'alice');
      const { token } = await newToken(t, alice, { name: 'short', scopes: ['create'], expiresIn: 3600 });
      const events = await newToken(t, alice, { name: 'read', scopes: ['read-own-events'], expiresIn: 3600 });
      const noScope = await postJson(t.app, '/api/v1/secrets', createBody(), { headers: bearer(events.token) });
      expect((await expectError(noScope, 403)).code).toBe('forbidden_by_policy');
      t.clock.advance(3600 * 1000);
      const expired = await postJson(t.app, '/api/v1/secrets', createBody(), { headers: bearer(token) });
      expect((await expectError(expired, 401)).message).toContain('expired');
      const unknown = await postJson(t.app, '/api/v1/secrets', createBody(), {
        headers: bearer(`zkpush.${'A'.repeat(43)}`),
      });
      expect((await expectError(unknown, 401)).code).toBe('token_invalid');
      const malformed = await t.app.request('/api/v1/config', { headers: bearer('zkpush.short') });
      expect((await expectError(malformed, 401)).code).toBe('token_invalid');
    });
  });

  test("only people manage tokens; only admins revoke or list other people's", async () => {
    await withApp(config(), async (t) => {
      const alice = await person(t, 'alice');
      const bob = await person(t, 'bob');
      const root = await person(t, 'root');
      const { token, info } = await newToken(t, alice, { name: 'a', scopes: ['create'], expiresIn: 3600 });
      // A token cannot mint tokens.
      const minted = await postJson(
        t.app,
        '/api/v1/tokens',
        { name: 'x', scopes: ['create'], expiresIn: 3600 },
        {
          headers: bearer(token),
        },
      );
      expect((await expectError(minted, 403)).code).toBe('forbidden_by_policy');
      const anonymous = await t.app.request('/api/v1/tokens');
      expect((await expectError(anonymous, 401)).code).toBe('sign_in_required');

      const byBob = await t.app.request(`/api/v1/tokens/${info.id}`, { method: 'DELETE', headers: bob });
      expect((await expectError(byBob, 403)).code).toBe('forbidden_by_policy');
      const bobAll = await t.app.request('/api/v1/tokens?all=1', { headers: bob });
      expect((await expectError(bobAll, 403)).code).toBe('forbidden_by_policy');
      const bobOwn = v.parse(TokenList, await (await t.app.request('/api/v1/tokens', { headers: bob })).json());
      expect(bobOwn.tokens).toEqual([]);

      const all = v.parse(TokenList, await (await t.app.request('/api/v1/tokens?all=1', { headers: root })).json());
      expect(all.tokens.map((row) => row.owner.email)).toEqual(['alice@example.com']);
      const byRoot = await t.app.request(`/api/v1/tokens/${info.id}`, { method: 'DELETE', headers: root });
      expect(byRoot.status).toBe(204);
      const unknown = await t.app.request(`/api/v1/tokens/${'A'.repeat(22)}`, { method: 'DELETE', headers: root });
      expect((await expectError(unknown, 404)).code).toBe('not_found');
    });
  });

  test('bad token requests get 400 naming the field; longer than the server allows is refused', async () => {
    await withApp(config({ ZKPUSH_TOKEN_MAX_EXPIRY: '30d' }), async (t) => {
      const alice = await person(t, 'alice');
      for (const body of [
        { name: '', scopes: ['create'], expiresIn: 3600 },
        { name: 'x', scopes: [], expiresIn: 3600 },
        { name: 'x', scopes: ['admin'], expiresIn: 3600 },
        { name: 'x', scopes: ['create'], expiresIn: 31 * 86400 },
        { name: 'x', scopes: ['create'], expiresIn: 3600, extra: 1 },
      ]) {
        const res = await postJson(t.app, '/api/v1/tokens', body, { headers: alice });
        expect((await expectError(res, 400)).code, JSON.stringify(body)).toBe('invalid_request');
      }
    });
  });

  test('a token has its own create budget besides its address', async () => {
    const limits = { ...defaultConfig().rateLimit, create: { limit: 2, periodSeconds: 60 } };
    await withApp({ ...config(), rateLimit: limits }, async (t) => {
      const alice = await person(t, 'alice');
      const { token } = await newToken(t, alice, { name: 'ci', scopes: ['create'], expiresIn: 3600 });
      // Two addresses, one token: the token's budget (2) runs out although neither address's has.
      const from = (peer: string) => postJson(t.app, '/api/v1/secrets', createBody(), { headers: bearer(token), peer });
      expect((await from('203.0.113.1')).status).toBe(201);
      expect((await from('203.0.113.2')).status).toBe(201);
      const third = await from('203.0.113.3');
      expect((await expectError(third, 429)).code).toBe('rate_limited');
    });
  });
});
