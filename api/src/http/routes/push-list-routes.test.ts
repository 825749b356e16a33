/**
 * Issue 12 §4 against the real in-process OpenID Provider: the creator manages their pushes from any
 * browser (list, audit trail, expire now) with their session or a scoped API token; anybody else gets
 * 403; admins see and expire every push and read the instance statistics, and their expiry is audited
 * with their identity.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CreateTokenResponse, Me } from '@zkpush/shared/auth-schemas';
import { toBase64url } from '@zkpush/shared/base64url';
import { AdminStats, PushList } from '@zkpush/shared/push-list-schemas';
import { CreateSecretResponse, EventsPage } from '@zkpush/shared/schemas';
import { defaultConfig, parseConfig, type Config } from '../../config/config.ts';
import { NOOP_METRICS } from '../../observability/metrics-sink.ts';
import { createTestApp, expectError, fakeEnvelope, postJson, proofPair, type TestApp } from '../../testing/harness.ts';
import { startTestProvider, TEST_CLIENT, type TestProvider } from '../../testing/oidc-provider.ts';
import { signIn } from '../../testing/sign-in.ts';

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

function config(): Partial<Config> {
  const parsed = parseConfig({
    ZKPUSH_AUTH: 'oidc',
    ZKPUSH_OIDC_ISSUER: provider.issuer,
    ZKPUSH_OIDC_CLIENT_ID: TEST_CLIENT.id,
    ZKPUSH_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
    ZKPUSH_OIDC_SCOPES: 'openid email groups',
    ZKPUSH_OIDC_REDIRECT_URL: TEST_CLIENT.redirectUrl,
    ZKPUSH_AUTH_ADMIN_GROUPS: 'admins',
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return { auth: parsed.config.auth, rateLimit: { ...defaultConfig().rateLimit, enabled: false } };
}

async function withApp(run: (t: TestApp) => Promise<void>): Promise<void> {
  // Through the metrics observers, as startServer wires the services: they must pass creator and viewer on.
  const t = await createTestApp({ config: config(), metrics: NOOP_METRICS });
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

async function create(t: TestApp, headers: Record<string, string>): Promise<CreateSecretResponse> {
  const body = { envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash };
  const res = await postJson(t.app, '/api/v1/secrets', body, { headers });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`);
  return v.parse(CreateSecretResponse, await res.json());
}

const get = (t: TestApp, path: string, headers: Record<string, string>) => t.app.request(path, { headers });
const del = (t: TestApp, path: string, headers: Record<string, string>) =>
  t.app.request(path, { method: 'DELETE', headers });
const list = async (res: Response) => {
  expect(res.status).toBe(200);
  return v.parse(PushList, await res.json());
};

describe('my pushes', () => {
  test('the creator lists, reads and expires their push from any browser; nobody else can', async () => {
    await withApp(async (t) => {
      const alice = await person(t, 'alice');
      const created = await create(t, alice);
      // Another browser: a fresh sign-in, no owner token.
      const elsewhere = await person(t, 'alice');
      const mine = await list(await get(t, '/api/v1/my/pushes', elsewhere));
      expect(mine).toMatchObject({ pushes: [{ id: created.id, state: 'active', kind: 'text', viewsLeft: 1 }] });
      expect(mine.nextCursor).toBeNull();
      const text = JSON.stringify(mine);
      expect(text).not.toContain(created.ownerToken);
      expect(mine.pushes[0]).not.toHaveProperty('creatorEmail');

      const events = await get(t, `/api/v1/secrets/${created.id}/events`, elsewhere);
      expect(v.parse(EventsPage, await events.json()).events.map((e) => e.type)).toEqual(['created']);

      const bob = await person(t, 'bob');
      expect((await list(await get(t, '/api/v1/my/pushes', bob))).pushes).toEqual([]);
      expect((await expectError(await get(t, `/api/v1/secrets/${created.id}/events`, bob), 403)).code).toBe(
        'forbidden',
      );
      expect((await expectError(await del(t, `/api/v1/secrets/${created.id}`, bob), 403)).code).toBe('forbidden');
      // The session without its CSRF token cannot change anything.
      const noCsrf = { cookie: elsewhere.cookie ?? '' };
      expect((await expectError(await del(t, `/api/v1/secrets/${created.id}`, noCsrf), 403)).code).toBe('csrf_failed');

      expect((await del(t, `/api/v1/secrets/${created.id}`, elsewhere)).status).toBe(204);
      expect((await list(await get(t, '/api/v1/my/pushes?state=active', alice))).pushes).toEqual([]);
      const ended = await list(await get(t, '/api/v1/my/pushes?state=ended', alice));
      expect(ended.pushes).toMatchObject([{ id: created.id, state: 'deleted' }]);
      // The owner token still works as before.
      const byToken = await get(t, `/api/v1/secrets/${created.id}/events`, {
        authorization: `Bearer ${created.ownerToken}`,
      });
      expect(v.parse(EventsPage, await byToken.json()).events.map((e) => e.type)).toEqual([
        'created',
        'deleted_by_creator',
      ]);
    });
  });

  test('an API token acts for its user with the matching scope only', async () => {
    await withApp(async (t) => {
      const alice = await person(t, 'alice');
      const newToken = async (scopes: string[]) => {
        const res = await postJson(
          t.app,
          '/api/v1/tokens',
          { name: 'ci', scopes, expiresIn: 3600 },
          { headers: alice },
        );
        return { authorization: `Bearer ${v.parse(CreateTokenResponse, await res.json()).token}` };
      };
      const created = await create(t, alice);
      const reader = await newToken(['read-own-events']);
      const creator = await newToken(['create']);
      expect((await get(t, `/api/v1/secrets/${created.id}/events`, reader)).status).toBe(200);
      expect((await list(await get(t, '/api/v1/my/pushes', reader))).pushes).toHaveLength(1);
      expect((await expectError(await del(t, `/api/v1/secrets/${created.id}`, reader), 403)).code).toBe('forbidden');
      expect((await expectError(await get(t, '/api/v1/my/pushes', creator), 403)).code).toBe('forbidden');
      expect((await del(t, `/api/v1/secrets/${created.id}`, await newToken(['delete-own']))).status).toBe(204);
    });
  });

  test('bad input and no sign-in are 4xx with their codes', async () => {
    await withApp(async (t) => {
      expect((await expectError(await get(t, '/api/v1/my/pushes', {}), 401)).code).toBe('sign_in_required');
      const alice = await person(t, 'alice');
      for (const query of ['?state=gone', '?cursor=nope', '?cursor=1.a.b']) {
        expect((await expectError(await get(t, `/api/v1/my/pushes${query}`, alice), 400)).code).toBe('invalid_request');
      }
    });
  });

  test('pages are newest first and never repeat or skip', async () => {
    await withApp(async (t) => {
      const alice = await person(t, 'alice');
      const ids: string[] = [];
      for (let i = 0; i < 53; i++) {
        ids.push((await create(t, alice)).id);
        if (i % 2 === 0) t.clock.advance(1000);
      }
      const first = await list(await get(t, '/api/v1/my/pushes', alice));
      expect(first.pushes).toHaveLength(50);
      const second = await list(await get(t, `/api/v1/my/pushes?cursor=${first.nextCursor ?? ''}`, alice));
      expect(second.nextCursor).toBeNull();
      const seen = [...first.pushes, ...second.pushes].map((p) => p.id);
      expect(new Set(seen).size).toBe(53);
      expect(seen.toSorted()).toEqual(ids.toSorted());
    });
  });
});

describe('admin team view', () => {
  test('admins list every push with its creator, expire any (audited with their identity), see stats', async () => {
    await withApp(async (t) => {
      const alice = await person(t, 'alice');
      const bob = await person(t, 'bob');
      const root = await person(t, 'root');
      const a = await create(t, alice);
      await create(t, bob);
      const all = await list(await get(t, '/api/v1/admin/pushes', root));
      expect(all.pushes.map((p) => p.creatorEmail).toSorted()).toEqual(['alice@example.com', 'bob@example.com']);
      const onlyAlice = await list(await get(t, '/api/v1/admin/pushes?creator=ALICE@example.com', root));
      expect(onlyAlice.pushes.map((p) => p.id)).toEqual([a.id]);

      expect((await expectError(await get(t, '/api/v1/admin/pushes', alice), 403)).code).toBe('forbidden_by_policy');
      expect((await expectError(await del(t, `/api/v1/admin/pushes/${a.id}`, alice), 403)).code).toBe(
        'forbidden_by_policy',
      );
      expect((await expectError(await get(t, '/api/v1/admin/stats', {}), 401)).code).toBe('sign_in_required');

      expect((await del(t, `/api/v1/admin/pushes/${a.id}`, root)).status).toBe(204);
      const trail = v.parse(EventsPage, await (await get(t, `/api/v1/admin/pushes/${a.id}/events`, root)).json());
      expect(trail.events.at(-1)).toMatchObject({ type: 'deleted_by_admin', actor: 'root@example.com' });
      // The creator sees who ended it, and that an admin read the trail.
      const own = v.parse(EventsPage, await (await get(t, `/api/v1/secrets/${a.id}/events`, alice)).json());
      expect(own.state).toBe('deleted');
      expect(own.events.slice(-2)).toMatchObject([
        { type: 'deleted_by_admin', actor: 'root@example.com' },
        { type: 'audit_read_by_admin', actor: 'root@example.com' },
      ]);

      const stats = v.parse(AdminStats, await (await get(t, '/api/v1/admin/stats', root)).json());
      expect(stats.days).toHaveLength(30);
      expect(stats.days.at(-1)).toMatchObject({ created: 2, opened: 0, expired: 1 });
      expect(stats.storage.envelopeBytes).toBeGreaterThan(0);
      expect(stats.failedAttempts).toBe(0);
    });
  });
});
