/**
 * Sign-in against a real OpenID Provider (oidc-provider in-process on a loopback port) through the real
 * redirect flow: the session it starts, CSRF, sign-out with RP-initiated logout, timeouts, and every
 * way a callback can be bad — tampered, replayed, from another browser, from an unreachable issuer.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Me } from '@zkpush/shared/auth-schemas';
import { defaultConfig, parseConfig, type Config } from '../config/config.ts';
import { createSecret, createTestApp, expectError, postJson, proofPair, type TestApp } from '../testing/harness.ts';
import { startTestProvider, TEST_CLIENT, type TestProvider } from '../testing/oidc-provider.ts';
import { signIn, type CookieJar } from '../testing/sign-in.ts';
import { toBase64url } from '@zkpush/shared/base64url';
import { fakeEnvelope } from '../testing/harness.ts';

let provider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider({
    alice: { email: 'alice@example.com', email_verified: true, name: 'Alice', groups: ['staff'] },
    root: { email: 'root@example.com', email_verified: true, groups: ['zkpush-admins'] },
    mallory: { email: 'mallory@elsewhere.test', email_verified: false, groups: [] },
  });
});
afterAll(async () => {
  await provider.close();
});

function oidcConfig(env: Record<string, string> = {}): Partial<Config> {
  const parsed = parseConfig({
    ZKPUSH_AUTH: 'oidc',
    ZKPUSH_OIDC_ISSUER: provider.issuer,
    ZKPUSH_OIDC_CLIENT_ID: TEST_CLIENT.id,
    ZKPUSH_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
    ZKPUSH_OIDC_SCOPES: 'openid email profile groups',
    ZKPUSH_OIDC_REDIRECT_URL: TEST_CLIENT.redirectUrl,
    ZKPUSH_AUTH_ADMIN_GROUPS: 'zkpush-admins',
    ZKPUSH_CREATE_POLICY: 'signed-in-or-token',
    ...env,
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return { auth: parsed.config.auth, rateLimit: { ...defaultConfig().rateLimit, enabled: false } };
}

async function withApp(env: Record<string, string>, run: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await createTestApp({ config: oidcConfig(env) });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

async function me(t: TestApp, jar: CookieJar): Promise<Me> {
  const res = await t.app.request('http://localhost/api/v1/me', { headers: { cookie: jar.header() } });
  expect(res.status).toBe(200);
  return v.parse(Me, await res.json());
}

function createBody() {
  return { envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash };
}

describe('sign-in through the real redirect flow', () => {
  test('a person signs in, gets a session and a CSRF token, and creates; anyone still reveals', async () => {
    await withApp({}, async (t) => {
      const { jar, callback } = await signIn(t.app, 'alice', { returnTo: '/tokens' });
      expect(callback.status).toBe(303);
      expect(callback.headers.get('location')).toBe('/tokens');
      const cookie = callback.headers.getSetCookie().find((line) => line.startsWith('zkpush-session='));
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).toMatch(/Path=\//);

      const who = await me(t, jar);
      if (who.kind !== 'user') throw new Error(`expected a user, got ${who.kind}`);
      expect(who.via).toBe('session');
      expect(who.user).toMatchObject({
        email: 'alice@example.com',
        emailVerified: true,
        name: 'Alice',
        role: 'member',
      });
      expect(who.signOutPath).toBe('/auth/logout');

      // The session's id is stored hashed: the cookie's value is nowhere in the database.
      const secret = jar.get('zkpush-session') ?? '';
      const rows = await t.database.db.selectFrom('sessions').selectAll().execute();
      expect(rows).toHaveLength(1);
      expect(JSON.stringify(rows)).not.toContain(secret);

      const anonymous = await postJson(t.app, '/api/v1/secrets', createBody());
      expect((await expectError(anonymous, 401)).code).toBe('sign_in_required');

      const headers = { cookie: jar.header(), 'x-csrf-token': who.csrfToken ?? '' };
      const created = await createSecret(t.app, { headers });
      // Revealing needs no sign-in.
      const reveal = await postJson(t.app, `/api/v1/secrets/${created.id}/reveal`, { keyProof: created.keyProof });
      expect(reveal.status).toBe(200);
    });
  });

  test('admin groups make admins; domain limits refuse unverified or foreign addresses', async () => {
    await withApp({ ZKPUSH_AUTH_ALLOWED_DOMAINS: 'example.com' }, async (t) => {
      const root = await signIn(t.app, 'root');
      const who = await me(t, root.jar);
      expect(who.kind === 'user' && who.user.role).toBe('admin');
      const mallory = await signIn(t.app, 'mallory');
      expect((await expectError(mallory.callback, 403)).code).toBe('forbidden_by_policy');
      expect(mallory.jar.get('zkpush-session')).toBeUndefined();
    });
  });

  test('a cookie-authenticated create without its CSRF token is refused with csrf_failed', async () => {
    await withApp({}, async (t) => {
      const { jar } = await signIn(t.app, 'alice');
      const missing = await postJson(t.app, '/api/v1/secrets', createBody(), { headers: { cookie: jar.header() } });
      expect((await expectError(missing, 403)).code).toBe('csrf_failed');
      const wrong = await postJson(t.app, '/api/v1/secrets', createBody(), {
        headers: { cookie: jar.header(), 'x-csrf-token': 'forged' },
      });
      expect((await expectError(wrong, 403)).code).toBe('csrf_failed');
      // A cross-site page cannot even get that far (the origin check).
      const crossSite = await postJson(t.app, '/api/v1/secrets', createBody(), {
        headers: { cookie: jar.header(), origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      });
      expect((await expectError(crossSite, 403)).code).toBe('forbidden');
    });
  });

  test('a replayed callback, a tampered code or state, and another browser are 400 oidc_callback_invalid', async () => {
    await withApp({}, async (t) => {
      const first = await signIn(t.app, 'alice');
      expect(first.callback.status).toBe(303);
      const replay = await t.app.request(first.callbackUrl, {
        headers: { cookie: `zkpush-login=${first.loginCookie}` },
      });
      expect((await expectError(replay, 400)).code).toBe('oidc_callback_invalid');

      const pending = await signIn(t.app, 'alice', { stopBeforeCallback: true });
      const tamperedCode = new URL(pending.callbackUrl);
      tamperedCode.searchParams.set('code', `${tamperedCode.searchParams.get('code') ?? ''}x`);
      const badCode = await t.app.request(tamperedCode.href, { headers: { cookie: pending.jar.header() } });
      expect((await expectError(badCode, 400)).code).toBe('oidc_callback_invalid');
      // The state was spent by the failed attempt: the untampered URL cannot be used afterwards either.
      const after = await t.app.request(pending.callbackUrl, { headers: { cookie: pending.jar.header() } });
      expect((await expectError(after, 400)).code).toBe('oidc_callback_invalid');

      const other = await signIn(t.app, 'alice', { stopBeforeCallback: true });
      const noCookie = await t.app.request(other.callbackUrl);
      expect((await expectError(noCookie, 400)).code).toBe('oidc_callback_invalid');

      const third = await signIn(t.app, 'alice', { stopBeforeCallback: true });
      const tamperedState = new URL(third.callbackUrl);
      tamperedState.searchParams.set('state', 'not-the-state');
      const badState = await t.app.request(tamperedState.href, { headers: { cookie: third.jar.header() } });
      expect((await expectError(badState, 400)).code).toBe('oidc_callback_invalid');

      const errorBack = await t.app.request('http://localhost/auth/callback?error=access_denied');
      expect((await expectError(errorBack, 400)).code).toBe('oidc_callback_invalid');
    });
  });

  test('an issuer nobody answers for is 503 sign_in_unavailable, not a hang or a 500', async () => {
    await withApp({ ZKPUSH_OIDC_ISSUER: 'http://127.0.0.1:9/' }, async (t) => {
      const res = await t.app.request('http://localhost/auth/login');
      expect((await expectError(res, 503)).code).toBe('sign_in_unavailable');
    });
  });

  test('an issuer that is not the one the provider names itself is refused', async () => {
    // The same provider under another name: its discovery document names a different issuer.
    const wrongName = provider.issuer.replace('127.0.0.1', 'localhost');
    await withApp({ ZKPUSH_OIDC_ISSUER: wrongName }, async (t) => {
      const res = await t.app.request('http://localhost/auth/login');
      expect((await expectError(res, 503)).code).toBe('sign_in_unavailable');
    });
  });

  test('sign-out ends the session on the server and sends the browser to the provider to end its own', async () => {
    await withApp({}, async (t) => {
      const { jar } = await signIn(t.app, 'alice');
      const who = await me(t, jar);
      const csrf = who.kind === 'user' ? (who.csrfToken ?? '') : '';
      const stolen = jar.header();
      const noCsrf = await t.app.request('http://localhost/auth/logout', {
        method: 'POST',
        headers: { cookie: stolen },
      });
      expect((await expectError(noCsrf, 403)).code).toBe('csrf_failed');
      const out = await t.app.request('http://localhost/auth/logout', {
        method: 'POST',
        headers: { cookie: stolen, 'x-csrf-token': csrf },
      });
      expect(out.status).toBe(200);
      const { redirectTo } = v.parse(v.object({ redirectTo: v.string() }), await out.json());
      const endSession = new URL(redirectTo);
      expect(endSession.origin).toBe(provider.issuer);
      expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(TEST_CLIENT.postLogoutRedirect);
      expect(endSession.searchParams.get('id_token_hint')).toBeTruthy();
      expect(out.headers.getSetCookie().join('\n')).toMatch(/zkpush-session=;/);
      // The old cookie is worthless now, even if the browser kept it.
      const after = await t.app.request('http://localhost/api/v1/me', { headers: { cookie: stolen } });
      expect(v.parse(Me, await after.json()).kind).toBe('anonymous');
      expect(await t.database.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    });
  });

  test('a session ends after the idle timeout, and after the absolute maximum however busy', async () => {
    await withApp({ ZKPUSH_SESSION_IDLE_TIMEOUT: '30m', ZKPUSH_SESSION_MAX_AGE: '2h' }, async (t) => {
      const idle = await signIn(t.app, 'alice');
      t.clock.advance(29 * 60_000);
      expect((await me(t, idle.jar)).kind).toBe('user');
      t.clock.advance(29 * 60_000); // 58 min after sign-in, 29 after the last use
      expect((await me(t, idle.jar)).kind).toBe('user');
      t.clock.advance(31 * 60_000);
      expect((await me(t, idle.jar)).kind).toBe('anonymous');

      const busy = await signIn(t.app, 'alice');
      for (let minutes = 0; minutes < 119; minutes += 20) {
        expect((await me(t, busy.jar)).kind).toBe('user');
        t.clock.advance(20 * 60_000);
      }
      expect((await me(t, busy.jar)).kind).toBe('anonymous');
    });
  });
});
