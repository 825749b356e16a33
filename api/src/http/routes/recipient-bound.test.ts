/**
 * Issue 12 §5 against the real in-process OpenID Provider: a push bound to a named person (or domain)
 * opens only for a signed-in user whose verified email matches. Anonymous: 401 sign_in_required; the
 * wrong person: 403 recipient_mismatch, recorded with their identity, no view used.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Me } from '@zkpush/shared/auth-schemas';
import { toBase64url } from '@zkpush/shared/base64url';
import { CreateSecretResponse, EventsPage, SecretMeta } from '@zkpush/shared/schemas';
import { defaultConfig, parseConfig, type Config } from '../../config/config.ts';
import { NOOP_METRICS } from '../../observability/metrics-sink.ts';
import { createTestApp, expectError, fakeEnvelope, postJson, proofPair, type TestApp } from '../../testing/harness.ts';
import { startTestProvider, TEST_CLIENT, type TestProvider } from '../../testing/oidc-provider.ts';
import { signIn } from '../../testing/sign-in.ts';

let provider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider({
    alice: { email: 'alice@example.com', email_verified: true },
    bob: { email: 'Bob@Example.com', email_verified: true },
    carol: { email: 'carol@example.com', email_verified: true },
    sub: { email: 'dan@sub.example.com', email_verified: true },
    fake: { email: 'bob@example.com', email_verified: false },
  });
});
afterAll(async () => {
  await provider.close();
});

function config(): Partial<Config> {
  const parsed = parseConfig({
    ZKPUSH_AUTH: 'oidc',
    ZKPUSH_OIDC_ISSUER: provider.issuer,
    ZKPUSH_OIDC_CLIENT_ID: TEST_CLIENT.id,
    ZKPUSH_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
    ZKPUSH_OIDC_SCOPES: 'openid email',
    ZKPUSH_OIDC_REDIRECT_URL: TEST_CLIENT.redirectUrl,
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return { auth: parsed.config.auth, rateLimit: { ...defaultConfig().rateLimit, enabled: false } };
}

async function withApp(run: (t: TestApp) => Promise<void>, options: Partial<Config> = config()): Promise<void> {
  // Through the metrics observers, as startServer wires the services: they must pass the viewer on.
  const t = await createTestApp({ config: options, metrics: NOOP_METRICS });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

async function person(t: TestApp, login: string): Promise<Record<string, string>> {
  const { jar } = await signIn(t.app, login);
  const res = await t.app.request('http://localhost/api/v1/me', { headers: { cookie: jar.header() } });
  const me = v.parse(Me, await res.json());
  if (me.kind !== 'user' || me.csrfToken === null) throw new Error('not signed in');
  return { cookie: jar.header(), 'x-csrf-token': me.csrfToken };
}

async function bound(t: TestApp, recipient: string, extra: object = {}) {
  const { keyProof, keyProofHash } = proofPair();
  const body = { envelope: toBase64url(fakeEnvelope()), keyProofHash, recipient, ...extra };
  const res = await postJson(t.app, '/api/v1/secrets', body);
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return { ...v.parse(CreateSecretResponse, await res.json()), keyProof };
}

const reveal = (t: TestApp, id: string, keyProof: string, headers: Record<string, string> = {}) =>
  postJson(t.app, `/api/v1/secrets/${id}/reveal`, { keyProof }, { headers });

const trail = async (t: TestApp, id: string, ownerToken: string) => {
  const res = await t.app.request(`/api/v1/secrets/${id}/events`, {
    headers: { authorization: `Bearer ${ownerToken}` },
  });
  return v.parse(EventsPage, await res.json());
};

test('only the named person opens it; others are refused and recorded, anonymous is asked to sign in', async () => {
  await withApp(async (t) => {
    const push = await bound(t, 'BOB@example.com ');
    const meta = v.parse(SecretMeta, await (await t.app.request(`/api/v1/secrets/${push.id}`)).json());
    expect(meta.signInRequired).toBe(true);
    expect(JSON.stringify(meta)).not.toContain('bob');

    expect((await expectError(await reveal(t, push.id, push.keyProof), 401)).code).toBe('sign_in_required');
    const carol = await person(t, 'carol');
    expect((await expectError(await reveal(t, push.id, push.keyProof, carol), 403)).code).toBe('recipient_mismatch');
    // Same address, but the provider did not verify it.
    const fake = await person(t, 'fake');
    expect((await expectError(await reveal(t, push.id, push.keyProof, fake), 403)).code).toBe('recipient_mismatch');
    // The session without its CSRF token is told so.
    const bob = await person(t, 'bob');
    const noCsrf = { cookie: bob.cookie ?? '' };
    expect((await expectError(await reveal(t, push.id, push.keyProof, noCsrf), 403)).code).toBe('csrf_failed');

    const before = await trail(t, push.id, push.ownerToken);
    expect(before.viewsLeft).toBe(1);
    expect(before.events.filter((e) => e.type === 'recipient_mismatch').map((e) => e.actor)).toEqual([
      'carol@example.com',
      'bob@example.com (unverified)',
    ]);

    const opened = await reveal(t, push.id, push.keyProof, bob);
    expect(opened.status).toBe(200);
    expect((await trail(t, push.id, push.ownerToken)).state).toBe('viewed');
  });
});

test('a domain admits its own addresses exactly; burn is bound too', async () => {
  await withApp(async (t) => {
    const push = await bound(t, '@example.com', { views: 2, flags: { deletableByViewer: true } });
    const sub = await person(t, 'sub');
    expect((await expectError(await reveal(t, push.id, push.keyProof, sub), 403)).code).toBe('recipient_mismatch');
    const burnBySub = await postJson(
      t.app,
      `/api/v1/secrets/${push.id}/burn`,
      { keyProof: push.keyProof },
      { headers: sub },
    );
    expect((await expectError(burnBySub, 403)).code).toBe('recipient_mismatch');
    const alice = await person(t, 'alice');
    expect((await reveal(t, push.id, push.keyProof, alice)).status).toBe(200);
    const burn = await postJson(
      t.app,
      `/api/v1/secrets/${push.id}/burn`,
      { keyProof: push.keyProof },
      { headers: alice },
    );
    expect(burn.status).toBe(204);
  });
});

test('bad recipients are 400; without sign-in on the server a recipient is refused', async () => {
  await withApp(async (t) => {
    for (const recipient of ['bob', 'a@b@example.com', '@', 'x@nodot', 42, `${'a'.repeat(320)}@example.com`]) {
      const body = { envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash, recipient };
      expect((await expectError(await postJson(t.app, '/api/v1/secrets', body), 400)).code).toBe('invalid_request');
    }
  });
  await withApp(
    async (t) => {
      const body = {
        envelope: toBase64url(fakeEnvelope()),
        keyProofHash: proofPair().keyProofHash,
        recipient: '@example.com',
      };
      expect((await expectError(await postJson(t.app, '/api/v1/secrets', body), 400)).code).toBe('invalid_request');
    },
    { rateLimit: { ...defaultConfig().rateLimit, enabled: false } },
  );
});
