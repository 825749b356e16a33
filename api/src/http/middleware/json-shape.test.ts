/** The linear pre-scan of JSON bodies: what it counts, and that every valid request body passes it. */
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { KdfParams } from '@zkpush/shared/kdf-params';
import { MAX_MANIFEST_FILES } from '@zkpush/shared/manifest';
import { CreateSecretRequest, RevealRequest } from '@zkpush/shared/schemas';
import { defaultConfig } from '../../config/config.ts';
import { appPerTest } from '../../testing/app-per-test.ts';
import { createSecret, expectError, fakeEnvelope, proofPair, TEST_KDF } from '../../testing/harness.ts';
import { createBodyLimit, PROOF_BODY_BYTES } from '../routes/secrets-routes.ts';
import { JSON_SHAPES, jsonShapeProblem, type JsonShape } from './json-shape.ts';

const SHAPE: JsonShape = { maxDepth: 2, maxEntries: 4, maxKeyLength: 3 };

describe('jsonShapeProblem', () => {
  test.each([
    ['a scalar', '"text"'],
    ['depth 2 at the limit', '{"a":[1,2]}'],
    ['4 entries', '{"a":1,"b":[2,3]}'],
    ['brackets, colons and commas inside strings', '{"a":"[[[{{{:::,,,"}'],
    ['escaped quotes inside strings', '{"a":"\\"[[[\\\\"}'],
    ['an escaped backslash before the closing quote', '["\\\\",1]'],
    ['a key at the length limit', '{"abc":1}'],
  ])('passes %s', (_, text) => {
    expect(jsonShapeProblem(text, SHAPE)).toBeUndefined();
  });

  test.each([
    ['nesting', '[[[1]]]', 'request body nests deeper than 2 levels'],
    ['object nesting', '{"a":{"b":{}}}', 'request body nests deeper than 2 levels'],
    ['array items', '[1,2,3,4,5]', 'request body has more than 4 members and items'],
    ['members', '{"a":1,"b":2,"c":3,"d":4,"e":5}', 'request body has more than 4 members and items'],
    ['empty arrays count', '[[],[],[],[]]', 'request body has more than 4 members and items'],
    ['a long key', '{"abcd":1}', 'request body has a key longer than 3 characters'],
  ])('refuses %s', (_, text, message) => {
    expect(jsonShapeProblem(text, SHAPE)).toBe(message);
  });

  test('stops at the first limit crossed, whatever follows', () => {
    const deep = '['.repeat(700_000) + ']'.repeat(700_000);
    expect(jsonShapeProblem(deep, JSON_SHAPES.create)).toBe('request body nests deeper than 3 levels');
  });
});

/**
 * The largest create the shared schema accepts: every field, the longest values, the most files. The
 * KDF parameters take the largest the wire shape allows (a server accepts only real Argon2id ones).
 */
function largestCreate(envelopeBytes: number): string {
  const body = {
    envelope: toBase64url(fakeEnvelope(envelopeBytes)),
    keyProofHash: proofPair().keyProofHash,
    views: Number.MAX_SAFE_INTEGER,
    expiresIn: Number.MAX_SAFE_INTEGER,
    flags: { retrievalStep: true, deletableByViewer: false },
    passphrase: { kdf: TEST_KDF, passProofHash: proofPair().keyProofHash },
    files: Array.from({ length: MAX_MANIFEST_FILES }, () => ({ paddedSize: Number.MAX_SAFE_INTEGER })),
  };
  expect(v.safeParse(CreateSecretRequest, body).success).toBe(true);
  const int = Number.MAX_SAFE_INTEGER;
  const kdf = { alg: 'a'.repeat(32), v: int, m: int, t: int, p: int, salt: toBase64url(new Uint8Array(64)) };
  expect(v.safeParse(KdfParams, kdf).success).toBe(true);
  return JSON.stringify({ ...body, passphrase: { ...body.passphrase, kdf } });
}

describe('every valid request body fits its route', () => {
  test('the largest create passes the create shape and the create size limit', () => {
    const maxEnvelope = 4096;
    const text = largestCreate(maxEnvelope);
    expect(jsonShapeProblem(text, JSON_SHAPES.create)).toBeUndefined();
    expect(text.length).toBeLessThanOrEqual(createBodyLimit(maxEnvelope));
  });

  test('the largest reveal passes the proof shape and size limit', () => {
    const body = { keyProof: proofPair().keyProof, passProof: proofPair().keyProof };
    expect(v.safeParse(RevealRequest, body).success).toBe(true);
    const text = JSON.stringify(body, null, 2);
    expect(jsonShapeProblem(text, JSON_SHAPES.proof)).toBeUndefined();
    expect(text.length).toBeLessThanOrEqual(PROOF_BODY_BYTES);
  });
});

describe('the routes refuse expensive bodies before parsing them', () => {
  const t = appPerTest();
  const post = (path: string, body: string) =>
    t.app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  /** Just under the default create limit, like the bodies of the review (issue 10 §3). */
  const bytes = createBodyLimit(defaultConfig().maxEnvelopeBytes) - 64;

  test('1.4 MB of nested arrays: 400 naming the depth', async () => {
    const half = Math.floor(bytes / 2);
    const err = await expectError(await post('/api/v1/secrets', '['.repeat(half) + ']'.repeat(half)), 400);
    expect(err).toEqual({ code: 'invalid_request', message: 'request body nests deeper than 3 levels' });
  });

  test('1.4 MB of file entries: 400 naming the entry count, a short message', async () => {
    const head = `{"envelope":"AAAA","keyProofHash":"${proofPair().keyProofHash}","files":[`;
    const body = head + '{},'.repeat(Math.floor((bytes - head.length) / 3)) + '{}]}';
    const err = await expectError(await post('/api/v1/secrets', body), 400);
    expect(err.message).toBe(`request body has more than ${2 * MAX_MANIFEST_FILES + 64} members and items`);
  });

  test('many unknown keys and one giant key: 400 without echoing them', async () => {
    const keys = Array.from({ length: 100_000 }, (_, i) => `"k${i}":0`).join(',');
    expect((await expectError(await post('/api/v1/secrets', `{${keys}}`), 400)).message).toMatch(/more than/);
    const giant = await expectError(await post('/api/v1/secrets', `{"${'k'.repeat(100_000)}":0}`), 400);
    expect(giant.message).toBe('request body has a key longer than 64 characters');
  });

  test('reveal and burn allow one flat object', async () => {
    const push = await createSecret(t.app);
    for (const action of ['reveal', 'burn']) {
      const nested = await post(`/api/v1/secrets/${push.id}/${action}`, `{"keyProof":{"a":1}}`);
      expect((await expectError(nested, 400)).message).toBe('request body nests deeper than 1 levels');
    }
  });
});
