/** Migration 0009: older pushes have no creator or recipient; new ones keep both; down removes them. */
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createSecretsRepo, type SecretsRepo } from '../secrets-repo.ts';
import type { NewSecret } from '../schema.ts';
import { MEMORY, openDatabase, type OpenDatabase } from '../sqlite/open-database.ts';
import { bundledMigrations } from './index.ts';
import { migrateToLatest } from './migrate.ts';

let database: OpenDatabase;
let repo: SecretsRepo;
beforeEach(() => {
  database = openDatabase(MEMORY);
  repo = createSecretsRepo(database.db);
});
afterEach(async () => {
  await database.close();
});

const secret = (id: string, over: Partial<NewSecret> = {}): NewSecret => ({
  id,
  envelope: new Uint8Array(41),
  key_proof_hash: new Uint8Array(32),
  owner_token_hash: new Uint8Array(32),
  views: 1,
  created_at: 0,
  expires_at: 1000,
  retrieval_step: 1,
  deletable_by_viewer: 0,
  pass_kdf: null,
  pass_proof_hash: null,
  pass_attempts_left: null,
  ...over,
});

test('pushes from before 0009 have neither creator nor recipient; new ones keep both', async () => {
  const { db } = database;
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0008-auth')).error).toBeUndefined();
  await repo.insert(secret('old'));
  expect(await migrateToLatest(db)).toEqual(['0009-push-creator']);
  expect(await repo.find('old')).toMatchObject({ creator_user_id: null, recipient: null });
  await repo.insert(secret('new', { creator_user_id: 'u1', recipient: '@example.com' }));
  expect(await repo.find('new')).toMatchObject({ creator_user_id: 'u1', recipient: '@example.com' });
});

test('the new event types and actor are accepted; seq keeps counting up', async () => {
  await migrateToLatest(database.db);
  await repo.insert(secret('p'));
  await repo.appendEvents('p', [{ type: 'created', at: 1, ip: null, user_agent: null, referrer: null }]);
  await repo.appendEvents('p', [
    { type: 'deleted_by_admin', at: 2, ip: null, user_agent: null, referrer: null, actor: 'root@example.com' },
  ]);
  expect(await repo.listEvents('p', 0, 10)).toMatchObject([
    { type: 'created', actor: null },
    { type: 'deleted_by_admin', actor: 'root@example.com' },
  ]);
  await expect(
    repo.appendEvents('p', [
      { type: 'viewed', at: 3, ip: null, user_agent: null, referrer: null, actor: 'x'.repeat(321) },
    ]),
  ).rejects.toThrow();
});

test('down removes the columns and the index', async () => {
  const { db } = database;
  await migrateToLatest(db);
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0008-auth')).error).toBeUndefined();
  const secrets = (await db.introspection.getTables()).find((t) => t.name === 'secrets');
  const columns = secrets?.columns.map((c) => c.name) ?? [];
  expect(columns).toContain('views');
  expect(columns).not.toContain('creator_user_id');
  expect(columns).not.toContain('recipient');
});
