/** POST /api/v1/secrets: defaults, ranges, shape validation, media type and size limits. */
import { describe, expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import { expectError, fakeEnvelope, postJson, proofPair } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const error = expectError;

describe('POST /api/v1/secrets', () => {
  test('creates with server defaults', async () => {
    const { keyProofHash } = proofPair();
    const res = await postJson(t.app, '/api/v1/secrets', { envelope: toBase64url(fakeEnvelope()), keyProofHash });
    expect(res.status).toBe(201);
    const body: unknown = await res.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      ownerToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(FAKE_EPOCH + 86400_000).toISOString(),
      views: 1,
    });
  });

  test('honours views, expiresIn and an empty flags object', async () => {
    const { keyProofHash } = proofPair();
    const envelope = toBase64url(fakeEnvelope());
    const res = await postJson(t.app, '/api/v1/secrets', {
      envelope,
      keyProofHash,
      views: 3,
      expiresIn: 600,
      flags: {},
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ views: 3, expiresAt: new Date(FAKE_EPOCH + 600_000).toISOString() });
  });

  test.each([
    [{ views: 0 }, 'views must be between 1 and 100 (got 0)'],
    [{ views: 101 }, 'views must be between 1 and 100 (got 101)'],
    [{ expiresIn: 299 }, 'expiresIn must be between 300 and 7776000 (got 299)'],
    [{ expiresIn: 7776001 }, 'expiresIn must be between 300 and 7776000 (got 7776001)'],
  ])('rejects out-of-range %j naming field and range', async (extra, message) => {
    const { keyProofHash } = proofPair();
    const res = await postJson(t.app, '/api/v1/secrets', {
      envelope: toBase64url(fakeEnvelope()),
      keyProofHash,
      ...extra,
    });
    expect(await error(res, 400)).toEqual({ code: 'invalid_request', message });
  });

  const good = () => ({ envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash });
  test.each([
    ['missing envelope', () => ({ keyProofHash: good().keyProofHash }), /envelope is required/],
    ['wrong type', () => ({ ...good(), views: '3' }), /views must be a number/],
    ['fractional views', () => ({ ...good(), views: 1.5 }), /views must be an integer/],
    ['unknown field', () => ({ ...good(), extra: true }), /unknown field "extra"/],
    ['unknown flag', () => ({ ...good(), flags: { burn: true } }), /unknown field "flags.burn"/],
    ['array body', () => [good()], /envelope is required/],
    ['string body', () => 'hello', /request body must be a JSON object/],
    ['short keyProofHash', () => ({ ...good(), keyProofHash: 'abc' }), /keyProofHash must be 32 bytes/],
    ['padded envelope', () => ({ ...good(), envelope: 'AQID==' }), /envelope must be unpadded base64url/],
    ['non-canonical envelope', () => ({ ...good(), envelope: toBase64url(fakeEnvelope(100)) + 'B' }), /canonical/],
    ['short envelope', () => ({ ...good(), envelope: toBase64url(fakeEnvelope(40)) }), /at least 41 bytes \(got 40\)/],
    ['wrong version', () => ({ ...good(), envelope: toBase64url(new Uint8Array(64).fill(2)) }), /version 2/],
  ])('400 for %s', async (_name, body, message) => {
    const res = await postJson(t.app, '/api/v1/secrets', body());
    const err = await error(res, 400);
    expect(err.code).toBe('invalid_request');
    expect(err.message).toMatch(message);
  });

  test('400 for malformed JSON', async () => {
    const res = await t.app.request('/api/v1/secrets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"envelope": ',
    });
    expect(await error(res, 400)).toEqual({ code: 'invalid_request', message: 'request body is not valid JSON' });
  });

  test.each([undefined, 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx'])(
    '415 for content-type %s',
    async (type) => {
      const res = await t.app.request('/api/v1/secrets', {
        method: 'POST',
        headers: type === undefined ? {} : { 'content-type': type },
        body: JSON.stringify(good()),
      });
      expect((await error(res, 415)).code).toBe('unsupported_media_type');
    },
  );

  test('accepts a charset parameter on application/json', async () => {
    const res = await t.app.request('/api/v1/secrets', {
      method: 'POST',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: JSON.stringify(good()),
    });
    expect(res.status).toBe(201);
  });

  test('413 for an envelope over the limit (decoded size), 201 at the limit', async () => {
    const max = t.config.maxEnvelopeBytes;
    const { keyProofHash } = proofPair();
    const atLimit = await postJson(t.app, '/api/v1/secrets', {
      envelope: toBase64url(fakeEnvelope(max)),
      keyProofHash,
    });
    expect(atLimit.status).toBe(201);
    const over = await postJson(t.app, '/api/v1/secrets', {
      envelope: toBase64url(fakeEnvelope(max + 1)),
      keyProofHash,
    });
    expect(await error(over, 413)).toEqual({
      code: 'payload_too_large',
      message: `envelope is ${max + 1} bytes; this server accepts at most ${max}`,
    });
  });

  test('413 from the body limit before parsing (the body is not even JSON)', async () => {
    const res = await t.app.request('/api/v1/secrets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(Math.ceil((t.config.maxEnvelopeBytes * 4) / 3) + 8192),
    });
    expect((await error(res, 413)).code).toBe('payload_too_large');
  });

  test('413 from the body limit for a streamed body without Content-Length', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const res = await t.app.request('/api/v1/secrets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    });
    expect((await error(res, 413)).code).toBe('payload_too_large');
  });
});
