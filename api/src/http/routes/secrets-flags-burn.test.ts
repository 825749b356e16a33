/** Lifecycle flags on create (bounded by the server's policy) and viewer deletion (POST …/burn). */
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { SecretMeta } from '@zkpush/shared/schemas';
import type { Config } from '../../config/config.ts';
import { createSecret, expectError, fakeEnvelope, postJson, proofPair } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const withFlags = (flags: Config['flags']) => t.reconfigure({ config: { flags } });
const meta = async (id: string) => v.parse(SecretMeta, await (await t.app.request(`/api/v1/secrets/${id}`)).json());
const burn = (id: string, keyProof: string) => postJson(t.app, `/api/v1/secrets/${id}/burn`, { keyProof });
const create = (flags: unknown) =>
  postJson(t.app, '/api/v1/secrets', {
    envelope: toBase64url(fakeEnvelope()),
    keyProofHash: proofPair().keyProofHash,
    flags,
  });

describe('flags on create', () => {
  test('defaults apply when the creator says nothing, and metadata reports them', async () => {
    await withFlags({
      retrievalStep: { default: false, changeable: true },
      deletableByViewer: { default: true, changeable: true },
    });
    const s = await createSecret(t.app);
    expect((await meta(s.id)).flags).toEqual({ retrievalStep: false, deletableByViewer: true });
  });

  test('changeable flags take the creator’s values', async () => {
    const s = await createSecret(t.app, { flags: { retrievalStep: false, deletableByViewer: false } });
    expect((await meta(s.id)).flags).toEqual({ retrievalStep: false, deletableByViewer: false });
  });

  test('a flag the server does not let creators change is 400 naming it — never silently replaced', async () => {
    await withFlags({
      retrievalStep: { default: true, changeable: false },
      deletableByViewer: { default: false, changeable: false },
    });
    const one = await expectError(await create({ retrievalStep: false }), 400);
    expect(one).toEqual({
      code: 'invalid_request',
      message: 'flags.retrievalStep cannot be changed on this server (it is always true)',
    });
    const both = await expectError(await create({ retrievalStep: false, deletableByViewer: true }), 400);
    expect(both.message).toMatch(/flags\.retrievalStep.*; flags\.deletableByViewer cannot be changed/);
    // Sending the value the server would use anyway is fine.
    expect((await create({ retrievalStep: true, deletableByViewer: false })).status).toBe(201);
  });

  test.each([
    [{ retrievalStep: 'no' }, /flags\.retrievalStep must be a boolean/],
    [{ burn: true }, /unknown field "flags\.burn"/],
  ])('malformed flags %j are 400', async (flags, message) => {
    expect((await expectError(await create(flags), 400)).message).toMatch(message);
  });
});

describe('POST /api/v1/secrets/:id/burn', () => {
  test('the key holder destroys the push: 204, then gone/deleted, envelope NULL', async () => {
    const s = await createSecret(t.app, { views: 3 });
    const res = await burn(s.id, s.keyProof);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(await expectError(await t.app.request(`/api/v1/secrets/${s.id}`), 410)).toMatchObject({ reason: 'deleted' });
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();
    expect((await expectError(await burn(s.id, s.keyProof), 410)).reason).toBe('deleted');
  });

  test('a wrong keyProof is wrong_key and deletes nothing', async () => {
    const s = await createSecret(t.app);
    expect((await expectError(await burn(s.id, proofPair().keyProof), 403)).code).toBe('wrong_key');
    expect((await meta(s.id)).viewsLeft).toBe(1);
  });

  test('403 forbidden when the creator did not allow it (with the right key)', async () => {
    const s = await createSecret(t.app, { flags: { deletableByViewer: false } });
    const err = await expectError(await burn(s.id, s.keyProof), 403);
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/did not allow recipients to delete/);
    expect((await meta(s.id)).viewsLeft).toBe(1);
  });

  test('needs only the keyProof, not the passphrase, and uses no passphrase attempt', async () => {
    const s = await createSecret(t.app, { passphrase: true });
    expect((await burn(s.id, s.keyProof)).status).toBe(204);
  });

  test('400 for a bad body, 404 for an unknown id, 405 for GET', async () => {
    const s = await createSecret(t.app);
    const extra = await postJson(t.app, `/api/v1/secrets/${s.id}/burn`, {
      keyProof: s.keyProof,
      passProof: s.keyProof,
    });
    expect((await expectError(extra, 400)).message).toBe('unknown field "passProof"');
    expect((await expectError(await burn(toBase64url(fakeEnvelope(16)), s.keyProof), 404)).code).toBe('not_found');
    const get = await t.app.request(`/api/v1/secrets/${s.id}/burn`);
    expect((await expectError(get, 405)).code).toBe('method_not_allowed');
    expect(get.headers.get('allow')).toBe('POST');
  });
});
