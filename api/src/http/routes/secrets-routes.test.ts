/** Reading, revealing and deleting secrets, and what their ids answer afterwards. */
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import { createSecret, expectError, fakeEnvelope, postJson, proofPair } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const error = expectError;
const meta = (id: string) => t.app.request(`/api/v1/secrets/${id}`);
const reveal = (id: string, keyProof: string) => postJson(t.app, `/api/v1/secrets/${id}/reveal`, { keyProof });
const del = (id: string, token?: string) =>
  t.app.request(`/api/v1/secrets/${id}`, {
    method: 'DELETE',
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
  });

describe('GET /api/v1/secrets/:id', () => {
  test('returns metadata without consuming or exposing ciphertext', async () => {
    const s = await createSecret(t.app, { views: 2 });
    for (let i = 0; i < 3; i++) {
      const res = await meta(s.id);
      expect(res.status).toBe(200);
      const body = v.parse(SecretMeta, await res.json());
      expect(body).toEqual({
        id: s.id,
        views: 2,
        viewsLeft: 2,
        createdAt: new Date(FAKE_EPOCH).toISOString(),
        expiresAt: s.expiresAt,
        flags: { retrievalStep: true, deletableByViewer: true },
        passphrase: null,
        files: null,
      });
    }
  });

  test('404 not_found for an unknown id', async () => {
    expect((await error(await meta(toBase64url(fakeEnvelope(16))), 404)).code).toBe('not_found');
  });

  test.each(['short', 'A'.repeat(23), 'AAAAAAAAAAAAAAAAAAAA%2B', 'AAAAAAAAAAAAAAAAAAAAAB'])(
    '400 for malformed id %s',
    async (id) => {
      const err = await error(await meta(id), 400);
      expect(err.code).toBe('invalid_request');
      expect(err.message).toMatch(/^id must be (16 bytes|canonical)/);
    },
  );

  test('expiry is enforced on read without the sweeper (fake clock)', async () => {
    const s = await createSecret(t.app, { expiresIn: 300 });
    t.clock.advance(300_000 - 1);
    expect((await meta(s.id)).status).toBe(200);
    t.clock.advance(1);
    expect(await error(await meta(s.id), 410)).toMatchObject({ code: 'gone', reason: 'expired' });
    expect(await error(await reveal(s.id, s.keyProof), 410)).toMatchObject({ code: 'gone', reason: 'expired' });
  });
});

describe('POST /api/v1/secrets/:id/reveal', () => {
  test('returns the envelope byte-for-byte and consumes the single view', async () => {
    const s = await createSecret(t.app);
    const res = await reveal(s.id, s.keyProof);
    expect(res.status).toBe(200);
    expect(v.parse(RevealResponse, await res.json())).toEqual({
      envelope: s.envelope,
      viewsLeft: 0,
      expiresAt: s.expiresAt,
    });
    expect(await error(await reveal(s.id, s.keyProof), 410)).toMatchObject({ code: 'gone', reason: 'viewed' });
    expect(await error(await meta(s.id), 410)).toMatchObject({ code: 'gone', reason: 'viewed' });
  });

  test('counts down multiple views', async () => {
    const s = await createSecret(t.app, { views: 3 });
    for (const left of [2, 1, 0]) {
      const res = await reveal(s.id, s.keyProof);
      expect(v.parse(RevealResponse, await res.json()).viewsLeft).toBe(left);
    }
    expect((await error(await reveal(s.id, s.keyProof), 410)).reason).toBe('viewed');
  });

  test('a wrong keyProof is 403 wrong_key and consumes nothing', async () => {
    const s = await createSecret(t.app);
    for (let i = 0; i < 5; i++) {
      expect((await error(await reveal(s.id, proofPair().keyProof), 403)).code).toBe('wrong_key');
    }
    expect(v.parse(SecretMeta, await (await meta(s.id)).json()).viewsLeft).toBe(1);
    expect((await reveal(s.id, s.keyProof)).status).toBe(200);
  });

  test('the last view NULLs the envelope in the database', async () => {
    const s = await createSecret(t.app, { views: 2 });
    await reveal(s.id, s.keyProof);
    expect(await t.repo.readEnvelope(s.id)).toBeDefined();
    await reveal(s.id, s.keyProof);
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();
    expect(await t.repo.find(s.id)).toMatchObject({ state: 'viewed', views_left: 0, ended_at: FAKE_EPOCH });
  });

  test('404 for an unknown id, 400 for a bad id or keyProof', async () => {
    const unknown = toBase64url(fakeEnvelope(16));
    expect((await error(await reveal(unknown, proofPair().keyProof), 404)).code).toBe('not_found');
    expect((await error(await reveal('nope', proofPair().keyProof), 400)).message).toMatch(/^id must be/);
    const s = await createSecret(t.app);
    expect((await error(await reveal(s.id, 'short'), 400)).message).toMatch(/keyProof must be 32 bytes/);
    const res = await postJson(t.app, `/api/v1/secrets/${s.id}/reveal`, { keyProof: s.keyProof, extra: 1 });
    expect((await error(res, 400)).message).toBe('unknown field "extra"');
  });
});

describe('DELETE /api/v1/secrets/:id', () => {
  test('the owner token expires the secret: 204, then gone/deleted, envelope NULL', async () => {
    const s = await createSecret(t.app, { views: 3 });
    const res = await del(s.id, s.ownerToken);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await error(await meta(s.id), 410)).toMatchObject({ code: 'gone', reason: 'deleted' });
    expect((await error(await reveal(s.id, s.keyProof), 410)).reason).toBe('deleted');
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();
    expect((await error(await del(s.id, s.ownerToken), 410)).reason).toBe('deleted');
  });

  test('401 without or with a malformed Authorization header, with a Bearer challenge', async () => {
    const s = await createSecret(t.app);
    for (const header of [undefined, 'Basic Zm9vOmJhcg==', 'Bearer', 'Bearer not-32-bytes']) {
      const res = await t.app.request(`/api/v1/secrets/${s.id}`, {
        method: 'DELETE',
        headers: header === undefined ? {} : { authorization: header },
      });
      expect((await error(res, 401)).code).toBe('unauthorized');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="zkpush"/);
    }
    expect((await meta(s.id)).status).toBe(200);
  });

  test('403 forbidden for a wrong token; nothing changes', async () => {
    const s = await createSecret(t.app);
    expect((await error(await del(s.id, proofPair().keyProof), 403)).code).toBe('forbidden');
    expect((await reveal(s.id, s.keyProof)).status).toBe(200);
  });

  test('404 for an unknown id; gone/viewed after the last view', async () => {
    expect((await error(await del(toBase64url(fakeEnvelope(16)), proofPair().keyProof), 404)).code).toBe('not_found');
    const s = await createSecret(t.app);
    await reveal(s.id, s.keyProof);
    expect((await error(await del(s.id, s.ownerToken), 410)).reason).toBe('viewed');
  });
});

describe('tombstones', () => {
  const retention = () => t.config.retentionMs;

  test.each(['viewed', 'expired', 'deleted'] as const)(
    '%s answers gone until retention, then not_found',
    async (reason) => {
      const s = await createSecret(t.app, { expiresIn: 3600 });
      if (reason === 'viewed') await reveal(s.id, s.keyProof);
      if (reason === 'deleted') await del(s.id, s.ownerToken);
      if (reason === 'expired') t.clock.advance(3600_000);
      await t.sweeper.sweepOnce();
      expect((await error(await meta(s.id), 410)).reason).toBe(reason);

      t.clock.advance(retention() - 1);
      await t.sweeper.sweepOnce();
      expect((await error(await meta(s.id), 410)).reason).toBe(reason);

      t.clock.advance(1);
      // not_found is decided on read even before the sweeper purges the row…
      expect((await error(await meta(s.id), 404)).code).toBe('not_found');
      await t.sweeper.sweepOnce();
      // …and the sweeper then removes the row itself.
      expect(await t.repo.find(s.id)).toBeUndefined();
      expect((await error(await reveal(s.id, s.keyProof), 404)).code).toBe('not_found');
    },
  );
});
