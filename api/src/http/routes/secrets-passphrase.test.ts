/** Passphrase pushes: the server checks passProof and limits attempts without ever learning the passphrase. */
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { KDF_DEFAULT_COST, newKdfParams } from '@zkpush/shared/kdf-params';
import { openPush, proofsFor, sealPushWithPassKey } from '@zkpush/shared/push';
import { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import { createSecret, expectError, fakeEnvelope, postJson, proofPair, TEST_KDF } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const reveal = (id: string, body: { keyProof: string; passProof?: string }) =>
  postJson(t.app, `/api/v1/secrets/${id}/reveal`, body);
const meta = async (id: string) => v.parse(SecretMeta, await (await t.app.request(`/api/v1/secrets/${id}`)).json());
const wrong = () => proofPair().keyProof;

describe('create', () => {
  test('metadata carries the KDF parameters and the attempts left; the proof hash stays server-side', async () => {
    const s = await createSecret(t.app, { passphrase: true });
    const body = await meta(s.id);
    expect(body.passphrase).toEqual({ kdf: TEST_KDF, attemptsLeft: 5 });
    expect(JSON.stringify(body)).not.toContain('passProof');
  });

  test('KDF parameters outside the accepted range are 400', async () => {
    const { keyProofHash } = proofPair();
    const res = await postJson(t.app, '/api/v1/secrets', {
      envelope: toBase64url(fakeEnvelope()),
      keyProofHash,
      passphrase: { kdf: { ...TEST_KDF, m: 1024 }, passProofHash: proofPair().keyProofHash },
    });
    expect((await expectError(res, 400)).message).toMatch(/below the minimum/);
  });

  test('a server that does not allow passphrases refuses them with 400', async () => {
    await t.reconfigure({ config: { passphrase: { allowed: false, maxAttempts: 5 } } });
    await expect(createSecret(t.app, { passphrase: true })).rejects.toThrow(/400.*passphrase/);
  });

  test('the configured maximum is fixed per push at creation', async () => {
    await t.reconfigure({ config: { passphrase: { allowed: true, maxAttempts: 2 } } });
    const s = await createSecret(t.app, { passphrase: true });
    expect((await meta(s.id)).passphrase?.attemptsLeft).toBe(2);
  });
});

describe('reveal', () => {
  test('right keyProof and passProof: the envelope, one view used', async () => {
    const s = await createSecret(t.app, { passphrase: true, views: 2 });
    const res = await reveal(s.id, { keyProof: s.keyProof, passProof: s.passProof! });
    expect(v.parse(RevealResponse, await res.json())).toMatchObject({ envelope: s.envelope, viewsLeft: 1 });
  });

  test('wrong passphrases count down, then destroy the push (locked); a right one after that is refused', async () => {
    const s = await createSecret(t.app, { passphrase: true, views: 3 });
    for (const left of [4, 3, 2, 1]) {
      const err = await expectError(await reveal(s.id, { keyProof: s.keyProof, passProof: wrong() }), 403);
      expect(err).toMatchObject({ code: 'wrong_passphrase', attemptsLeft: left });
      expect((await meta(s.id)).passphrase?.attemptsLeft).toBe(left);
    }
    const last = await expectError(await reveal(s.id, { keyProof: s.keyProof, passProof: wrong() }), 403);
    expect(last).toMatchObject({ code: 'wrong_passphrase', attemptsLeft: 0 });
    expect(last.message).toMatch(/destroyed/);

    const after = await expectError(await reveal(s.id, { keyProof: s.keyProof, passProof: s.passProof! }), 410);
    expect(after).toMatchObject({ code: 'gone', reason: 'locked' });
    expect(await expectError(await t.app.request(`/api/v1/secrets/${s.id}`), 410)).toMatchObject({ reason: 'locked' });
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();
    expect(await t.repo.find(s.id)).toMatchObject({
      state: 'locked',
      pass_proof_hash: null,
      pass_kdf: null,
      pass_attempts_left: null,
    });
  });

  test('a wrong keyProof is wrong_key and counts nothing against the passphrase', async () => {
    const s = await createSecret(t.app, { passphrase: true });
    for (let i = 0; i < 8; i++) {
      const err = await expectError(await reveal(s.id, { keyProof: wrong(), passProof: wrong() }), 403);
      expect(err.code).toBe('wrong_key');
      expect(err.attemptsLeft).toBeUndefined();
    }
    expect((await meta(s.id)).passphrase?.attemptsLeft).toBe(5);
    expect((await reveal(s.id, { keyProof: s.keyProof, passProof: s.passProof! })).status).toBe(200);
  });

  test('a missing passProof is wrong_passphrase without using an attempt', async () => {
    const s = await createSecret(t.app, { passphrase: true });
    for (let i = 0; i < 7; i++) {
      const err = await expectError(await reveal(s.id, { keyProof: s.keyProof }), 403);
      expect(err).toMatchObject({ code: 'wrong_passphrase', attemptsLeft: 5 });
      expect(err.message).toMatch(/no attempt was used/);
    }
    expect((await meta(s.id)).passphrase?.attemptsLeft).toBe(5);
  });

  test('attempts are per push, not per streak: a right passphrase does not restore them', async () => {
    const s = await createSecret(t.app, { passphrase: true, views: 3 });
    await reveal(s.id, { keyProof: s.keyProof, passProof: wrong() });
    expect((await reveal(s.id, { keyProof: s.keyProof, passProof: s.passProof! })).status).toBe(200);
    expect((await meta(s.id)).passphrase?.attemptsLeft).toBe(4);
  });

  test('a passProof sent for a push without a passphrase is ignored', async () => {
    const s = await createSecret(t.app);
    expect((await reveal(s.id, { keyProof: s.keyProof, passProof: wrong() })).status).toBe(200);
  });

  test('the last view also removes the passphrase verifier', async () => {
    const s = await createSecret(t.app, { passphrase: true });
    await reveal(s.id, { keyProof: s.keyProof, passProof: s.passProof! });
    expect(await t.repo.find(s.id)).toMatchObject({ state: 'viewed', pass_proof_hash: null, pass_kdf: null });
  });
});

test('a real client push: sealPushWithPassKey to create, proofsFor to reveal, openPush to read', async () => {
  // P is random here instead of Argon2id(passphrase): the server never sees either, so this is the same test.
  const passKey = randomBytes(32);
  const linkKey = randomBytes(32);
  const kdf = newKdfParams(KDF_DEFAULT_COST);
  const sealed = sealPushWithPassKey({ v: 1, kind: 'text', text: 'correct horse' }, linkKey, passKey, kdf);
  const created = await postJson(t.app, '/api/v1/secrets', sealed.request);
  expect(created.status).toBe(201);
  const { id } = v.parse(v.object({ id: v.string() }), await created.json());
  expect((await meta(id)).passphrase?.kdf).toEqual(kdf);

  const proofs = proofsFor(linkKey, passKey);
  const wrongPass = proofsFor(linkKey, randomBytes(32));
  expect(wrongPass.keyProof).toBe(proofs.keyProof);
  expect((await expectError(await reveal(id, wrongPass), 403)).attemptsLeft).toBe(4);
  const res = await reveal(id, proofs);
  const { envelope } = v.parse(RevealResponse, await res.json());
  expect(openPush(linkKey, envelope, passKey)).toEqual({
    kind: 'ok',
    payload: { v: 1, kind: 'text', text: 'correct horse' },
  });
});
