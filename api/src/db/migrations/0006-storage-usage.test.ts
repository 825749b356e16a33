/** Migration 0006: the usage row starts from what is stored, and its triggers keep it exact. */
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { migrateToLatest } from './migrate.ts';
import { MEMORY, openDatabase, type OpenDatabase } from '../sqlite/open-database.ts';
import { bundledMigrations } from './index.ts';
import { createSecretsRepo, type SecretsRepo } from '../secrets-repo.ts';
import type { NewSecret } from '../schema.ts';

let database: OpenDatabase;
let repo: SecretsRepo;
beforeEach(() => {
  database = openDatabase(MEMORY);
  repo = createSecretsRepo(database.db);
});
afterEach(async () => {
  await database.close();
});

const secret = (id: string, envelopeBytes: number): NewSecret => ({
  id,
  envelope: new Uint8Array(envelopeBytes).fill(1),
  key_proof_hash: new Uint8Array(32),
  owner_token_hash: new Uint8Array(32),
  views: 2,
  created_at: 0,
  expires_at: 1000,
  retrieval_step: 0,
  deletable_by_viewer: 0,
  pass_kdf: null,
  pass_proof_hash: null,
  pass_attempts_left: null,
});
const files = (...paddedSizes: number[]) => paddedSizes.map((paddedSize) => ({ paddedSize, chunks: 1 }));

test('pushes stored before 0006 are counted; every later change keeps the sums exact', async () => {
  const { db } = database;
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0005-bounded-failed-keys')).error).toBe(
    undefined,
  );
  await repo.insert(secret('old-text', 1000));
  await repo.insert(secret('old-files', 300));
  await repo.files.insertPush('old-files', new Uint8Array(32), 5, files(512, 2048), null);
  await repo.insert(secret('old-ended', 700));
  expect(await repo.end('old-ended', 'deleted', 1)).toBe(true);

  expect(await migrateToLatest(db)).toEqual(['0006-storage-usage', '0008-auth', '0009-push-creator']);
  expect(await repo.storageUsage()).toEqual({ envelopeBytes: 1300, fileBytes: 2560 });

  await repo.insert(secret('new', 50));
  expect(await repo.storageUsage()).toEqual({ envelopeBytes: 1350, fileBytes: 2560 });
  // The last view, expiry, deletion and lock-out all clear the envelope.
  expect(await repo.consumeView('new', 1)).toBe(true);
  expect(await repo.storageUsage()).toEqual({ envelopeBytes: 1350, fileBytes: 2560 });
  expect(await repo.consumeView('new', 2)).toBe(true);
  expect(await repo.storageUsage()).toEqual({ envelopeBytes: 1300, fileBytes: 2560 });
  expect(await repo.transaction((tx) => tx.expireDue(2000, 10))).toEqual({ ended: 2, more: false });
  expect(await repo.storageUsage()).toEqual({ envelopeBytes: 0, fileBytes: 2560 });
  // Deleting a file push's row deletes its files by cascade, and that counts too.
  expect(await repo.files.release('old-files')).toBe(true);
  expect(await repo.storageUsage()).toEqual({ envelopeBytes: 0, fileBytes: 0 });
  // Purging a tombstone (envelope already NULL) changes nothing; deleting an active row subtracts it.
  await repo.insert(secret('active', 10));
  expect(await repo.transaction((tx) => tx.purgeTombstones(1_000_000, 100))).toBe(4);
  await db.deleteFrom('secrets').where('id', '=', 'active').execute();
  expect(await repo.storageUsage()).toEqual({ envelopeBytes: 0, fileBytes: 0 });
});

test('down removes the table and its triggers', async () => {
  const { db } = database;
  await migrateToLatest(db);
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0005-bounded-failed-keys')).error).toBe(
    undefined,
  );
  expect((await db.introspection.getTables()).map((t) => t.name)).not.toContain('storage_usage');
  await repo.insert(secret('after-down', 10));
});
