/**
 * ZKPUSH_AUTH=trusted-header: identity headers from a trusted proxy sign people in; the same headers
 * from any other peer are refused (403 `identity_header_refused`), never believed. Also the create
 * policy's role limits, which read the same principal whichever way it signed in.
 */
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { Me } from '@zkpush/shared/auth-schemas';
import { toBase64url } from '@zkpush/shared/base64url';
import { CreateSecretResponse } from '@zkpush/shared/schemas';
import { defaultConfig, parseConfig, type Config } from '../config/config.ts';
import {
  createTestApp,
  expectError,
  fakeEnvelope,
  fromPeer,
  postJson,
  proofPair,
  type TestApp,
} from '../testing/harness.ts';
import { TRUSTED_HEADER_CSRF_TOKEN } from './csrf.ts';

const PROXY = '10.0.0.5';

function config(env: Record<string, string> = {}): Partial<Config> {
  const parsed = parseConfig({
    ZKPUSH_AUTH: 'trusted-header',
    ZKPUSH_TRUSTED_PROXIES: '10.0.0.0/24',
    ZKPUSH_CREATE_POLICY: 'signed-in',
    ZKPUSH_AUTH_ADMIN_GROUPS: 'ops',
    ...env,
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  const { auth, trustedProxies } = parsed.config;
  return { auth, trustedProxies, rateLimit: { ...defaultConfig().rateLimit, enabled: false } };
}

async function withApp(env: Record<string, string>, run: (t: TestApp) => Promise<void>): Promise<void> {
  const t = await createTestApp({ config: config(env) });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

const identity = (user: string, groups = '') => ({
  'x-forwarded-user': user,
  'x-forwarded-email': `${user}@example.com`,
  ...(groups === '' ? {} : { 'x-forwarded-groups': groups }),
});
const signedIn = (user: string, groups = '') => ({
  ...identity(user, groups),
  'x-csrf-token': TRUSTED_HEADER_CSRF_TOKEN,
});

function create(t: TestApp, headers: Record<string, string>, peer: string, extra: object = {}) {
  const body = { envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash, ...extra };
  return postJson(t.app, '/api/v1/secrets', body, { headers, peer });
}

describe('trusted-header sign-in', () => {
  test('the proxy names the user; groups make admins; the email counts as verified', async () => {
    await withApp({}, async (t) => {
      const res = await t.app.request('/api/v1/me', { headers: identity('carol', 'staff, ops') }, fromPeer(PROXY));
      const me = v.parse(Me, await res.json());
      expect(me).toMatchObject({
        kind: 'user',
        via: 'trusted-header',
        user: { email: 'carol@example.com', emailVerified: true, role: 'admin' },
        signOutPath: null,
      });
      expect((await create(t, signedIn('carol'), PROXY)).status).toBe(201);
    });
  });

  test('a direct request carrying an identity header is refused, whatever it asks for', async () => {
    await withApp({}, async (t) => {
      for (const peer of ['203.0.113.7', '10.0.1.5']) {
        const forged = await create(t, signedIn('carol', 'ops'), peer);
        expect((await expectError(forged, 403)).code).toBe('identity_header_refused');
        const read = await t.app.request(
          '/api/v1/me',
          { headers: { 'x-forwarded-email': 'x@example.com' } },
          fromPeer(peer),
        );
        expect((await expectError(read, 403)).code).toBe('identity_header_refused');
      }
      // X-Forwarded-For naming the proxy changes nothing: only the TCP peer counts.
      const viaXff = await create(t, { ...signedIn('carol'), 'x-forwarded-for': PROXY }, '203.0.113.7');
      expect((await expectError(viaXff, 403)).code).toBe('identity_header_refused');
    });
  });

  test('through the proxy without a user it is anonymous: sign-in required; without the CSRF header, csrf_failed', async () => {
    await withApp({}, async (t) => {
      expect((await expectError(await create(t, {}, PROXY), 401)).code).toBe('sign_in_required');
      expect((await expectError(await create(t, identity('carol'), PROXY), 403)).code).toBe('csrf_failed');
    });
  });
});

describe('role limits', () => {
  test('file pushes for admins only; members have a shorter longest expiry', async () => {
    await withApp({ ZKPUSH_FILES_ADMINS_ONLY: 'true', ZKPUSH_MEMBER_EXPIRY_MAX: '1d' }, async (t) => {
      const files = { files: [{ paddedSize: 1024 }] };
      const member = await create(t, signedIn('dave'), PROXY, files);
      expect((await expectError(member, 403)).code).toBe('forbidden_by_policy');
      expect((await create(t, signedIn('root', 'ops'), PROXY, files)).status).toBe(201);

      const long = { expiresIn: 2 * 86400 };
      expect((await expectError(await create(t, signedIn('dave'), PROXY, long), 403)).code).toBe('forbidden_by_policy');
      expect((await create(t, signedIn('dave'), PROXY, { expiresIn: 86400 })).status).toBe(201);
      expect((await create(t, signedIn('root', 'ops'), PROXY, long)).status).toBe(201);
    });
  });

  test('member groups limit who may sign in at all', async () => {
    await withApp({ ZKPUSH_AUTH_MEMBER_GROUPS: 'staff' }, async (t) => {
      const outsider = await create(t, signedIn('eve', 'guests'), PROXY);
      expect((await expectError(outsider, 403)).code).toBe('forbidden_by_policy');
      expect((await create(t, signedIn('frank', 'staff'), PROXY)).status).toBe(201);
    });
  });

  test('/api/v1/config tells clients the policy', async () => {
    await withApp({ ZKPUSH_FILES_ADMINS_ONLY: 'true' }, async (t) => {
      const body: unknown = await (await t.app.request('/api/v1/config')).json();
      expect(body).toMatchObject({
        auth: { mode: 'trusted-header', createPolicy: 'signed-in', signInPath: null, filesAdminsOnly: true },
      });
    });
  });
});

describe('recipient-bound links behind a proxy (issue 12 §5)', () => {
  test("the proxy's email is the identity checked: the named user opens it, another is refused", async () => {
    await withApp({}, async (t) => {
      const { keyProof, keyProofHash } = proofPair();
      const body = { envelope: toBase64url(fakeEnvelope()), keyProofHash, recipient: 'carol@example.com' };
      const res = await postJson(t.app, '/api/v1/secrets', body, { headers: signedIn('alice'), peer: PROXY });
      expect(res.status).toBe(201);
      const { id } = v.parse(CreateSecretResponse, await res.json());
      const reveal = (headers: Record<string, string>) =>
        postJson(t.app, `/api/v1/secrets/${id}/reveal`, { keyProof }, { headers, peer: PROXY });
      expect((await expectError(await reveal({}), 401)).code).toBe('sign_in_required');
      expect((await expectError(await reveal(signedIn('dave')), 403)).code).toBe('recipient_mismatch');
      expect((await reveal(signedIn('carol'))).status).toBe(200);
    });
  });
});
