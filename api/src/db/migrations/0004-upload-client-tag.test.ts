/** Migration 0004 on a database holding 0003 file pushes, and the client tag's invariant. */
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

const uploading = { file_count: 1, upload_token_hash: new Uint8Array(32), upload_idle_at: 5 };

test('open uploads from before 0004 keep going with no client tag; a tag needs an open upload', async () => {
  const { db } = database;
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0003-file-pushes')).error).toBeUndefined();
  await db
    .insertInto('file_pushes')
    .values({ ...uploading, secret_id: 'old' })
    .execute();
  expect(await migrateToLatest(db)).toEqual([
    '0004-upload-client-tag',
    '0005-bounded-failed-keys',
    '0006-storage-usage',
    '0008-auth',
    '0009-push-creator',
  ]);
  expect(await db.selectFrom('file_pushes').select(['secret_id', 'upload_idle_at', 'client_tag']).execute()).toEqual([
    { secret_id: 'old', upload_idle_at: 5, client_tag: null },
  ]);

  await db
    .insertInto('file_pushes')
    .values({ ...uploading, secret_id: 'new', client_tag: new Uint8Array(32) })
    .execute();
  await expect(
    db
      .insertInto('file_pushes')
      .values({ ...uploading, secret_id: 'short', client_tag: new Uint8Array(16) })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);
  // Finalising clears the token hash; a tag left behind would outlive the upload.
  await expect(
    db
      .updateTable('file_pushes')
      .set({ upload_token_hash: null, upload_idle_at: null })
      .where('secret_id', '=', 'new')
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);
  await db
    .updateTable('file_pushes')
    .set({ upload_token_hash: null, upload_idle_at: null, client_tag: null })
    .where('secret_id', '=', 'new')
    .execute();
});

test('down removes the column again', async () => {
  const { db } = database;
  await migrateToLatest(db);
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0003-file-pushes')).error).toBeUndefined();
  const columns = (await db.introspection.getTables()).find((t) => t.name === 'file_pushes')?.columns ?? [];
  expect(columns.map((c) => c.name)).not.toContain('client_tag');
});
