/**
 * "Deleted means gone", checked on the bytes of a real database file: after a secret is consumed,
 * expired (fake clock + sweeper), deleted by its creator, burned by a viewer or locked by wrong
 * passphrases, and the sweeper's checkpoint has run, no 64-byte slice of its ciphertext is left in
 * zkpush.sqlite or zkpush.sqlite-wal. An active secret's bytes are found in the same files, which
 * proves the search itself works.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createSecret,
  createTestApp,
  fakeEnvelope,
  postJson,
  type CreatedSecret,
  type TestApp,
} from '../testing/harness.ts';

const ENVELOPE_BYTES = 8 * 1024;
let dir: string;
let t: TestApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-gone-'));
  t = await createTestApp({ file: join(dir, 'zkpush.sqlite') });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function storedBytes(): Buffer {
  const files = ['zkpush.sqlite', 'zkpush.sqlite-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

/** Several 64-byte probes spread over the envelope, so neither end nor middle can survive unnoticed. */
function probes(envelope: Uint8Array): Buffer[] {
  return [64, ENVELOPE_BYTES / 2, ENVELOPE_BYTES - 128].map((at) => Buffer.from(envelope.subarray(at, at + 64)));
}

const foundIn = (haystack: Buffer, envelope: Uint8Array): boolean[] =>
  probes(envelope).map((p) => haystack.includes(p));

test('consumed, expired, deleted, burned and locked ciphertext leaves the database file and the WAL', async () => {
  const make = async (views: number, expiresIn: number, passphrase = false): Promise<[CreatedSecret, Uint8Array]> => {
    const envelope = fakeEnvelope(ENVELOPE_BYTES);
    return [await createSecret(t.app, { views, expiresIn, envelope, passphrase }), envelope];
  };
  const [consumed, consumedBytes] = await make(1, 7 * 86400);
  const [expired, expiredBytes] = await make(3, 300);
  const [deleted, deletedBytes] = await make(2, 7 * 86400);
  const [burned, burnedBytes] = await make(2, 7 * 86400);
  const [locked, lockedBytes] = await make(2, 7 * 86400, true);
  const [, activeBytes] = await make(5, 7 * 86400);

  expect((await postJson(t.app, `/api/v1/secrets/${consumed.id}/reveal`, { keyProof: consumed.keyProof })).status).toBe(
    200,
  );
  const del = await t.app.request(`/api/v1/secrets/${deleted.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${deleted.ownerToken}` },
  });
  expect(del.status).toBe(204);
  expect((await postJson(t.app, `/api/v1/secrets/${burned.id}/burn`, { keyProof: burned.keyProof })).status).toBe(204);
  for (let i = 0; i < 5; i++) {
    await postJson(t.app, `/api/v1/secrets/${locked.id}/reveal`, {
      keyProof: locked.keyProof,
      passProof: burned.keyProof,
    });
  }
  expect(await t.repo.find(locked.id)).toMatchObject({ state: 'locked' });
  t.clock.advance(300_000);

  // Before the checkpoint the old page images are still in the WAL: this is what the sweeper fixes.
  expect(foundIn(storedBytes(), consumedBytes)).toContain(true);

  const report = await t.sweeper.sweepOnce();
  expect(report).toMatchObject({ expired: 1, purged: 0, purgedEvents: 0, checkpointBusy: false });
  expect((await t.app.request(`/api/v1/secrets/${expired.id}`)).status).toBe(410);

  const bytes = storedBytes();
  expect(foundIn(bytes, activeBytes)).toEqual([true, true, true]);
  for (const gone of [consumedBytes, expiredBytes, deletedBytes, burnedBytes, lockedBytes])
    expect(foundIn(bytes, gone)).toEqual([false, false, false]);
});
