/**
 * Hostile and broken input through real HTTP: every case gets a clear 4xx with its error code (the
 * status matching ERROR_STATUS), never a 500 or a hang, and the server keeps serving afterwards.
 */
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { ERROR_STATUS, type ErrorCode } from '@zkpush/shared/errors';
import { keyProofFor, sealText } from '@zkpush/shared/push';
import { ErrorBody } from '@zkpush/shared/schemas';
import { httpRequest, rawRequest } from '../support/raw-http.ts';
import { ok, startTestServer, type TestServer } from './harness.ts';

// The smallest envelope limit the server accepts, so "too big" stays cheap to send.
const MAX_ENVELOPE = 1024;
let srv: TestServer;
let good: { envelope: string; keyProofHash: string };
let existing: { id: string; keyProof: string };

beforeAll(async () => {
  srv = await startTestServer({ ZKPUSH_MAX_TEXT_BYTES: String(MAX_ENVELOPE) });
  good = sealText('valid').request;
  const sealed = sealText('target');
  const created = ok(await srv.client.create(sealed.request));
  existing = { id: created.id, keyProof: keyProofFor(sealed.linkKey) };
});
afterAll(async () => {
  await srv.close();
});

async function expectError(res: Response, code: ErrorCode): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(ERROR_STATUS[code]);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = v.safeParse(ErrorBody, JSON.parse(text));
  expect(body.success, text).toBe(true);
  if (body.success) expect(body.output.error.code).toBe(code);
}

const post = (path: string, body: string, contentType: string | null = 'application/json') =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    headers: contentType === null ? {} : { 'content-type': contentType },
    body,
  });

describe('POST /api/v1/secrets', () => {
  const bodies: [string, () => string, ErrorCode][] = [
    ['malformed JSON', () => '{"envelope":', 'invalid_request'],
    ['empty body', () => '', 'invalid_request'],
    ['JSON null', () => 'null', 'invalid_request'],
    ['JSON array', () => '[]', 'invalid_request'],
    ['JSON string', () => '"x"', 'invalid_request'],
    ['unknown field', () => JSON.stringify({ ...good, extra: 1 }), 'invalid_request'],
    ['missing keyProofHash', () => JSON.stringify({ envelope: good.envelope }), 'invalid_request'],
    ['standard base64 envelope', () => JSON.stringify({ ...good, envelope: 'ab+/' }), 'invalid_request'],
    ['padded envelope', () => JSON.stringify({ ...good, envelope: good.envelope + '=' }), 'invalid_request'],
    ['short keyProofHash', () => JSON.stringify({ ...good, keyProofHash: 'AAAA' }), 'invalid_request'],
    ['envelope too short to be one', () => JSON.stringify({ ...good, envelope: 'AQ' }), 'invalid_request'],
    ['views 0', () => JSON.stringify({ ...good, views: 0 }), 'invalid_request'],
    ['views 1.5', () => JSON.stringify({ ...good, views: 1.5 }), 'invalid_request'],
    ['views as string', () => JSON.stringify({ ...good, views: '1' }), 'invalid_request'],
    ['views above max', () => JSON.stringify({ ...good, views: 1_000_000 }), 'invalid_request'],
    ['expiresIn 1 second', () => JSON.stringify({ ...good, expiresIn: 1 }), 'invalid_request'],
    ['expiresIn a century', () => JSON.stringify({ ...good, expiresIn: 100 * 365 * 86400 }), 'invalid_request'],
    ['unknown flag', () => JSON.stringify({ ...good, flags: { burn: true } }), 'invalid_request'],
    ['deeply nested JSON', () => '['.repeat(400) + ']'.repeat(400), 'invalid_request'],
    [
      'envelope over the limit',
      () => JSON.stringify({ ...good, envelope: toBase64url(randomBytes(MAX_ENVELOPE + 1)) }),
      'payload_too_large',
    ],
  ];
  test.each(bodies.map(([name, body, code]) => ({ name, body, code })))('$name → $code', async ({ body, code }) => {
    await expectError(await post('/api/v1/secrets', body()), code);
  });

  test.each([
    ['text/plain', 'text/plain'],
    ['form', 'application/x-www-form-urlencoded'],
    ['no content type', null],
  ])('content type %s → unsupported_media_type', async (_name, type) => {
    await expectError(await post('/api/v1/secrets', JSON.stringify(good), type), 'unsupported_media_type');
  });

  test('application/json with a charset parameter is accepted', async () => {
    const res = await post('/api/v1/secrets', JSON.stringify(good), 'application/json; charset=utf-8');
    expect(res.status).toBe(201);
  });

  test('invalid UTF-8 in the body → invalid_request', async () => {
    const bytes = Buffer.concat([Buffer.from('{"envelope":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    const res = await rawRequest(
      srv.port,
      httpRequest('POST', '/api/v1/secrets', { 'Content-Type': 'application/json' }, bytes),
    );
    expect(res.status).toBe(400);
  });

  test('a body far over the limit → 413 without reading it all', async () => {
    // Claims 64 MiB but sends only the start: the server must answer from Content-Length alone.
    const res = await rawRequest(srv.port, [
      httpRequest('POST', '/api/v1/secrets', {
        'Content-Type': 'application/json',
        'Content-Length': String(64 << 20),
      })[0]!,
      '{"envelope":"',
    ]);
    expect(res.timedOut).toBe(false);
    expect(res.status).toBe(413);
  });

  test('a chunked body over the limit → 413', async () => {
    const chunk = 'A'.repeat(4096);
    const head = httpRequest('POST', '/api/v1/secrets', {
      'Content-Type': 'application/json',
      'Transfer-Encoding': 'chunked',
    })[0]!;
    const pieces = [head, `d\r\n{"envelope":"\r\n`];
    for (let i = 0; i < 16; i++) pieces.push(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
    pieces.push('0\r\n\r\n');
    const res = await rawRequest(srv.port, pieces);
    expect(res.timedOut).toBe(false);
    expect(res.status).toBe(413);
  });

  test('a truncated body (client hangs up) does not hurt the server', async () => {
    const res = await rawRequest(
      srv.port,
      [
        httpRequest('POST', '/api/v1/secrets', { 'Content-Type': 'application/json', 'Content-Length': '500' })[0]!,
        '{"en',
      ],
      { endAfterWrite: true, timeoutMs: 2_000 },
    );
    expect(res.status === 0 || (res.status >= 400 && res.status < 500)).toBe(true);
  });
});

describe('reveal, meta and routing', () => {
  test.each<[string, ErrorCode, () => Promise<Response>]>([
    ['reveal with malformed JSON', 'invalid_request', () => post(`/api/v1/secrets/${existing.id}/reveal`, '{')],
    [
      'reveal with a short keyProof',
      'invalid_request',
      () => post(`/api/v1/secrets/${existing.id}/reveal`, JSON.stringify({ keyProof: 'AAAA' })),
    ],
    [
      'reveal as text/plain',
      'unsupported_media_type',
      () =>
        post(`/api/v1/secrets/${existing.id}/reveal`, JSON.stringify({ keyProof: existing.keyProof }), 'text/plain'),
    ],
    ['PUT on the collection', 'method_not_allowed', () => fetch(`${srv.url}/api/v1/secrets`, { method: 'PUT' })],
    ['unknown API path', 'not_found', () => fetch(`${srv.url}/api/v1/nope`)],
    ['unknown API version', 'not_found', () => fetch(`${srv.url}/api/v2/config`)],
  ])('%s → %s', async (_name, code, send) => {
    await expectError(await send(), code);
  });

  test.each(['not-an-id', 'A'.repeat(23), '%00', 'A'.repeat(2000)])('meta of malformed id %s is a 4xx', async (id) => {
    const res = await fetch(`${srv.url}/api/v1/secrets/${id}`);
    expect([400, 404]).toContain(res.status);
    expect(v.safeParse(ErrorBody, await res.json()).success).toBe(true);
  });

  test('none of the bad reveals consumed the view', async () => {
    expect(ok(await srv.client.meta(existing.id)).viewsLeft).toBe(1);
  });
});

test('oversized request headers → 431', async () => {
  const res = await rawRequest(srv.port, httpRequest('GET', '/api/v1/config', { 'X-Filler': 'a'.repeat(64 * 1024) }));
  expect(res.timedOut).toBe(false);
  expect(res.status).toBe(431);
});

test('error responses are not cacheable', async () => {
  const res = await fetch(`${srv.url}/api/v1/secrets/${toBase64url(randomBytes(16))}`);
  expect(res.status).toBe(404);
  expect(res.headers.get('cache-control')).toMatch(/no-store/);
});

test('after all of that the server still serves normally', async () => {
  expect(ok(await srv.client.config()).apiVersion).toBe(1);
  const revealed = ok(await srv.client.reveal(existing.id, { keyProof: existing.keyProof }));
  expect(revealed.viewsLeft).toBe(0);
});
