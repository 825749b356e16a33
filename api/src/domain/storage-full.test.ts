/**
 * A full disk, simulated with SQLite's max_page_count (the same SQLITE_FULL a full file system gives;
 * server-storage-full.test.ts does it with a real one): writes answer 507 `storage_full` — never 500 —
 * the log names SQLite's own error, reads keep working, and everything works again once there is room.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import {
  createSecret,
  createTestApp,
  expectError,
  fakeEnvelope,
  postJson,
  proofPair,
  type TestApp,
} from '../testing/harness.ts';
import { isStorageFull } from './storage-full.ts';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

async function setMaxPages(pages: number | 'current'): Promise<void> {
  const { db } = t.database;
  const max =
    pages === 'current'
      ? (await sql<{ page_count: number }>`pragma page_count`.execute(db)).rows[0]!.page_count
      : pages;
  await sql.raw(`pragma max_page_count = ${max}`).execute(db);
}

const createBody = (bytes: number) => ({
  envelope: toBase64url(fakeEnvelope(bytes)),
  keyProofHash: proofPair().keyProofHash,
});

test('SQLITE_FULL and ENOSPC are storage full; other failures are not', () => {
  expect(isStorageFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
  expect(isStorageFull(Object.assign(new Error('no space left on device'), { code: 'ENOSPC' }))).toBe(true);
  expect(isStorageFull(Object.assign(new Error('constraint'), { code: 'SQLITE_CONSTRAINT' }))).toBe(false);
  expect(isStorageFull(new Error('database or disk is full'))).toBe(false);
  expect(isStorageFull('SQLITE_FULL')).toBe(false);
  for (const code of ['SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_DIR_FSYNC', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_WRITE']) {
    expect(isStorageFull(Object.assign(new Error('disk I/O error'), { code }))).toBe(true);
  }
  expect(isStorageFull(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_READ' }))).toBe(false);
  expect(isStorageFull(Object.assign(new Error('corrupt'), { code: 'SQLITE_CORRUPT' }))).toBe(false);
});

test('with the database full: creates are 507 storage_full, reveals and deletes 507 or done, never 500; then it recovers', async () => {
  const pushes = [];
  for (let i = 0; i < 3; i++) pushes.push(await createSecret(t.app, { views: 3, envelope: fakeEnvelope(32 * 1024) }));
  const [revealed, deleted, later] = pushes;
  await setMaxPages('current');

  const refused = await expectError(await postJson(t.app, '/api/v1/secrets', createBody(64 * 1024)), 507);
  expect(refused).toMatchObject({ code: 'storage_full' });
  expect(refused.message).toMatch(/disk is full/);

  // Reads use no room.
  expect((await t.app.request(`/api/v1/secrets/${revealed!.id}`)).status).toBe(200);
  // A reveal or delete may still fit into free space inside the database; if not, it is a clear 507.
  const reveal = await postJson(t.app, `/api/v1/secrets/${revealed!.id}/reveal`, { keyProof: revealed!.keyProof });
  expect([200, 507]).toContain(reveal.status);
  const del = await t.app.request(`/api/v1/secrets/${deleted!.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${deleted!.ownerToken}` },
  });
  expect([204, 507]).toContain(del.status);
  for (const res of [reveal, del])
    if (res.status === 507) expect((await expectError(res, 507)).code).toBe('storage_full');
  // The sweeper's writes fail the same way, and its pass reports SQLite's error, not a failed rollback.
  t.clock.advance(3 * 86400 * 1000);
  await t.sweeper.sweepOnce().catch((err: unknown) => expect(err).toMatchObject({ code: 'SQLITE_FULL' }));

  const log = t.logLines.join('\n');
  expect(log).toContain('storage full');
  expect(log).toContain('SQLITE_FULL');
  expect(log).not.toContain('cannot rollback');
  expect(log).not.toContain('unhandled error');

  // Room again: no restart, no operator action beyond freeing space.
  await setMaxPages(1_073_741_823);
  expect((await postJson(t.app, '/api/v1/secrets', createBody(64 * 1024))).status).toBe(201);
  const again = await createSecret(t.app, { views: 2 });
  expect((await postJson(t.app, `/api/v1/secrets/${again.id}/reveal`, { keyProof: again.keyProof })).status).toBe(200);
  const res = await t.app.request(`/api/v1/secrets/${again.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${again.ownerToken}` },
  });
  expect(res.status).toBe(204);
  expect(later).toBeDefined();
});

test('the I/O error forms of a full disk answer 507 storage_full too, never 500, and are logged with their code', async () => {
  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_FSYNC', 'SQLITE_IOERR_SHMSIZE', 'SQLITE_IOERR_WRITE']) {
    const spy = vi
      .spyOn(t.repo, 'transaction')
      .mockRejectedValueOnce(Object.assign(new Error('disk I/O error'), { code }));
    expect(await expectError(await postJson(t.app, '/api/v1/secrets', createBody(600)), 507)).toMatchObject({
      code: 'storage_full',
    });
    spy.mockRestore();
    expect(t.logLines.some((l) => l.includes('storage full') && l.includes(`"code":"${code}"`))).toBe(true);
  }
  // A read error is not a full disk: still the generic 500.
  const spy = vi
    .spyOn(t.repo, 'transaction')
    .mockRejectedValueOnce(Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_READ' }));
  expect((await postJson(t.app, '/api/v1/secrets', createBody(600))).status).toBe(500);
  spy.mockRestore();
});
