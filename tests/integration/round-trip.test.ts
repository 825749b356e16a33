/**
 * The whole protocol across packages over real HTTP: shared crypto seals in "the browser", the shared
 * API client talks to the real server, shared crypto opens what came back.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { keyProofFor, openPush, sealText } from '@zkpush/shared/push';
import { ok, startTestServer, type TestServer } from './harness.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

async function push(text: string, options: { views?: number; expiresIn?: number } = {}) {
  const sealed = sealText(text);
  const created = ok(await srv.client.create({ ...sealed.request, ...options }));
  return { ...sealed, ...created };
}

describe('create → meta → reveal → open', () => {
  test.each([
    ['ascii', 'hunter2'],
    ['unicode and newlines', 'päss wörd 🔑\nline two\r\n\ttabbed'],
    ['1 KiB', 'x'.repeat(1024)],
  ])('round-trips %s', async (_name, text) => {
    const p = await push(text);
    const meta = ok(await srv.client.meta(p.id));
    expect(meta).toMatchObject({ id: p.id, views: 1, viewsLeft: 1, flags: {} });
    // Looking at metadata twice consumes nothing.
    expect(ok(await srv.client.meta(p.id)).viewsLeft).toBe(1);

    const revealed = ok(await srv.client.reveal(p.id, { keyProof: keyProofFor(p.linkKey) }));
    expect(revealed.viewsLeft).toBe(0);
    const opened = openPush(p.linkKey, revealed.envelope);
    expect(opened).toEqual({ kind: 'ok', payload: { v: 1, kind: 'text', text } });
  });

  test('the envelope the server returns is byte-for-byte the one sent', async () => {
    const p = await push('same bytes');
    const revealed = ok(await srv.client.reveal(p.id, { keyProof: keyProofFor(p.linkKey) }));
    expect(revealed.envelope).toBe(p.request.envelope);
  });

  test('honours views and expiresIn', async () => {
    const p = await push('three views', { views: 3, expiresIn: 3600 });
    expect(p.views).toBe(3);
    const meta = ok(await srv.client.meta(p.id));
    expect(Date.parse(meta.expiresAt) - Date.parse(meta.createdAt)).toBe(3600 * 1000);
    expect(Date.parse(p.expiresAt)).toBe(Date.parse(meta.expiresAt));

    const proof = keyProofFor(p.linkKey);
    for (const left of [2, 1, 0]) {
      expect(ok(await srv.client.reveal(p.id, { keyProof: proof })).viewsLeft).toBe(left);
    }
    expect(await srv.client.reveal(p.id, { keyProof: proof })).toMatchObject({
      kind: 'error',
      status: 410,
      code: 'gone',
      reason: 'viewed',
    });
  });
});

describe('consumption', () => {
  test('a second reveal of a 1-view push is gone/viewed, and so is its metadata', async () => {
    const p = await push('once');
    const proof = keyProofFor(p.linkKey);
    ok(await srv.client.reveal(p.id, { keyProof: proof }));
    const again = await srv.client.reveal(p.id, { keyProof: proof });
    expect(again).toMatchObject({ kind: 'error', status: 410, code: 'gone', reason: 'viewed' });
    expect(await srv.client.meta(p.id)).toMatchObject({ kind: 'error', status: 410, code: 'gone', reason: 'viewed' });
  });

  test('a wrong key is refused with wrong_key and consumes no view', async () => {
    const p = await push('guarded');
    const wrongProof = keyProofFor(randomBytes(32));
    const wrong = await srv.client.reveal(p.id, { keyProof: wrongProof });
    expect(wrong).toMatchObject({ kind: 'error', status: 403, code: 'wrong_key' });
    expect(ok(await srv.client.meta(p.id)).viewsLeft).toBe(1);
    // The right key still works afterwards.
    const revealed = ok(await srv.client.reveal(p.id, { keyProof: keyProofFor(p.linkKey) }));
    expect(openPush(p.linkKey, revealed.envelope)).toMatchObject({ kind: 'ok' });
  });

  test('opening a real envelope with another key is wrong_key on the client too', async () => {
    const p = await push('client side');
    const revealed = ok(await srv.client.reveal(p.id, { keyProof: keyProofFor(p.linkKey) }));
    expect(openPush(randomBytes(32), revealed.envelope)).toEqual({ kind: 'wrong_key' });
  });

  test('unknown ids are not_found for meta and reveal', async () => {
    const id = toBase64url(randomBytes(16));
    const proof = keyProofFor(randomBytes(32));
    expect(await srv.client.meta(id)).toMatchObject({ kind: 'error', status: 404, code: 'not_found' });
    expect(await srv.client.reveal(id, { keyProof: proof })).toMatchObject({
      kind: 'error',
      status: 404,
      code: 'not_found',
    });
  });
});

describe('owner expiry', () => {
  test('the owner token deletes; afterwards the push is gone/deleted', async () => {
    const p = await push('delete me', { views: 2 });
    expect(await srv.client.expire(p.id, toBase64url(randomBytes(32)))).toMatchObject({
      kind: 'error',
      status: 403,
      code: 'forbidden',
    });
    expect(ok(await srv.client.meta(p.id)).viewsLeft).toBe(2);
    expect(await srv.client.expire(p.id, p.ownerToken)).toEqual({ kind: 'ok', value: null });
    expect(await srv.client.meta(p.id)).toMatchObject({ kind: 'error', status: 410, reason: 'deleted' });
    expect(await srv.client.reveal(p.id, { keyProof: keyProofFor(p.linkKey) })).toMatchObject({
      kind: 'error',
      status: 410,
      reason: 'deleted',
    });
  });

  test('a missing or malformed Authorization header is unauthorized', async () => {
    const p = await push('needs token');
    for (const headers of [{}, { authorization: 'Basic Zm9vOmJhcg==' }, { authorization: 'Bearer' }]) {
      const res = await fetch(`${srv.url}/api/v1/secrets/${p.id}`, { method: 'DELETE', headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(ok(await srv.client.meta(p.id)).viewsLeft).toBe(1);
  });
});

test('the server config endpoint parses with the shared schema', async () => {
  const config = ok(await srv.client.config());
  expect(config.apiVersion).toBe(1);
  expect(config.views.min).toBeLessThanOrEqual(config.views.default);
  expect(config.views.default).toBeLessThanOrEqual(config.views.max);
});

test('nothing secret was logged', async () => {
  const text = `log canary ${toBase64url(randomBytes(12))}`;
  const p = await push(text);
  const proof = keyProofFor(p.linkKey);
  ok(await srv.client.reveal(p.id, { keyProof: proof }));
  const log = srv.logLines.join('\n');
  expect(srv.logLines.length).toBeGreaterThan(0);
  for (const secret of [text, toBase64url(p.linkKey), proof, p.ownerToken, p.request.envelope]) {
    expect(log).not.toContain(secret);
  }
});
