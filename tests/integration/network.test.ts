/**
 * The shared client must tell "could not reach the server" (`network`) apart from an answer, so the
 * web app can offer a retry instead of claiming the secret is gone.
 */
import { expect, test } from 'vitest';
import { createApiClient } from '@zkpush/shared/api-client';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { keyProofFor, sealText } from '@zkpush/shared/push';
import { freePort } from '../support/server-process.ts';
import { ok, startTestServer } from './harness.ts';

test('every call reports `network` when nothing listens', async () => {
  const client = createApiClient({ baseUrl: `http://127.0.0.1:${await freePort()}` });
  const id = toBase64url(randomBytes(16));
  const sealed = sealText('unreachable');
  const results = [
    await client.config(),
    await client.meta(id),
    await client.create(sealed.request),
    await client.reveal(id, { keyProof: keyProofFor(sealed.linkKey) }),
    await client.expire(id, toBase64url(randomBytes(32))),
  ];
  for (const r of results) expect(r.kind).toBe('network');
});

test('a server that went away after a create surfaces `network`, and the push survives a restart', async () => {
  const srv = await startTestServer();
  const sealed = sealText('survives restart');
  const created = ok(await srv.client.create(sealed.request));
  await srv.close({ keepData: true });
  expect((await srv.client.meta(created.id)).kind).toBe('network');

  const again = await startTestServer({}, srv.dataDir);
  try {
    expect(ok(await again.client.meta(created.id)).viewsLeft).toBe(1);
    const revealed = ok(await again.client.reveal(created.id, { keyProof: keyProofFor(sealed.linkKey) }));
    expect(revealed.envelope).toBe(sealed.request.envelope);
  } finally {
    await again.close();
  }
});
