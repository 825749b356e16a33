/** Migration 0003 on a database that holds 0002 events, and the invariants of the new tables. */
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { MEMORY, openDatabase, type OpenDatabase } from '../sqlite/open-database.ts';
import { bundledMigrations } from './index.ts';

let database: OpenDatabase;
beforeEach(() => {
  database = openDatabase(MEMORY);
});
afterEach(async () => {
  await database.close();
});

const event = { secret_id: 'x', at: 0, ip: null, user_agent: null, referrer: null };

test('audit events keep their seq, no seq is reused, and the new types are accepted (others still refused)', async () => {
  const { db } = database;
  expect(
    (await new Migrator({ db, provider: bundledMigrations }).migrateTo('0002-passphrase-flags-audit')).error,
  ).toBeUndefined();
  for (const type of ['created', 'viewed', 'expired_by_views'] as const) {
    await db
      .insertInto('secret_events')
      .values({ ...event, type })
      .execute();
  }
  // The newest event was purged before the upgrade: its seq must still never come back.
  await db.deleteFrom('secret_events').where('seq', '=', 3).execute();
  expect(await migrateToLatest(db)).toEqual([
    '0003-file-pushes',
    '0004-upload-client-tag',
    '0005-bounded-failed-keys',
    '0006-storage-usage',
    '0008-auth',
    '0009-push-creator',
  ]);
  expect(await db.selectFrom('secret_events').select(['seq', 'type']).orderBy('seq').execute()).toEqual([
    { seq: 1, type: 'created' },
    { seq: 2, type: 'viewed' },
  ]);
  for (const type of ['upload_completed', 'upload_abandoned', 'download_started'] as const) {
    await db
      .insertInto('secret_events')
      .values({ ...event, type })
      .execute();
  }
  const seqs = (await db.selectFrom('secret_events').select('seq').orderBy('seq').execute()).map((r) => r.seq);
  expect(seqs).toEqual([1, 2, 4, 5, 6]);
  await expect(
    db
      .insertInto('secret_events')
      // @ts-expect-error -- an unknown type is exactly what the CHECK must refuse.
      .values({ ...event, type: 'hacked' })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed: secret_events_type/);
  const indexes = await sql<{
    name: string;
  }>`select name from sqlite_master where type = 'index' and tbl_name = 'secret_events'`.execute(db);
  expect(indexes.rows.map((r) => r.name)).toContain('secret_events_by_secret');
});

test('file rows: upload token and deadline together, real layouts only, files and grants go with the push', async () => {
  const { db } = database;
  await migrateToLatest(db);
  const push = { secret_id: 'p', file_count: 1, upload_token_hash: new Uint8Array(32), upload_idle_at: 5 };
  await db.insertInto('file_pushes').values(push).execute();
  await expect(
    db
      .insertInto('file_pushes')
      .values({ ...push, secret_id: 'q', upload_idle_at: null })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);
  await expect(
    db
      .insertInto('file_pushes')
      .values({ ...push, secret_id: 'r', upload_token_hash: new Uint8Array(31) })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);

  const file = {
    secret_id: 'p',
    idx: 0,
    padded_size: 3 * 1048576,
    chunks: 3,
    received: new Uint8Array(1),
    received_count: 0,
  };
  await db.insertInto('secret_files').values(file).execute();
  for (const bad of [
    { idx: 1, chunks: 2 },
    { idx: 2, padded_size: 100, chunks: 1 },
    { idx: 3, received: new Uint8Array(2) },
    { idx: 4, received_count: 4 },
  ]) {
    await expect(
      db
        .insertInto('secret_files')
        .values({ ...file, ...bad })
        .execute(),
    ).rejects.toThrow(/CHECK/);
  }
  await expect(
    db
      .insertInto('secret_files')
      .values({ ...file, secret_id: 'nobody' })
      .execute(),
  ).rejects.toThrow(/FOREIGN KEY/);
  await db
    .insertInto('download_grants')
    .values({ token_hash: new Uint8Array(32), secret_id: 'p', expires_at: 9, started: new Uint8Array(1) })
    .execute();
  await db.deleteFrom('file_pushes').where('secret_id', '=', 'p').execute();
  expect(await db.selectFrom('secret_files').selectAll().execute()).toEqual([]);
  expect(await db.selectFrom('download_grants').selectAll().execute()).toEqual([]);
});
