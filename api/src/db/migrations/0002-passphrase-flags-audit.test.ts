/** Migration 0002 on a database that already holds 0001 rows, and the invariants its CHECKs carry. */
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

const base = {
  key_proof_hash: new Uint8Array(32),
  owner_token_hash: new Uint8Array(32),
  views: 2,
  views_left: 2,
  created_at: 0,
  expires_at: 1000,
};
const active = { envelope: new Uint8Array(41), state: 'active' as const, ended_at: null };

test('rows from before 0002 keep their behaviour: retrieval step on, no viewer deletion, no passphrase', async () => {
  const { db } = database;
  const first = await new Migrator({ db, provider: bundledMigrations }).migrateTo('0001-create-secrets');
  expect(first.error).toBeUndefined();
  await db
    .insertInto('secrets')
    .values({ ...base, ...active, id: 'legacy' })
    .execute();
  expect(await migrateToLatest(db)).toEqual([
    '0002-passphrase-flags-audit',
    '0003-file-pushes',
    '0004-upload-client-tag',
    '0005-bounded-failed-keys',
    '0006-storage-usage',
    '0008-auth',
    '0009-push-creator',
  ]);
  expect(await db.selectFrom('secrets').selectAll().where('id', '=', 'legacy').executeTakeFirst()).toMatchObject({
    retrieval_step: 1,
    deletable_by_viewer: 0,
    pass_kdf: null,
    pass_proof_hash: null,
    pass_attempts_left: null,
    event_count: 0,
  });
});

test('the passphrase columns are all set or all NULL, and the verifier exists only while active', async () => {
  const { db } = database;
  await migrateToLatest(db);
  const lock = { pass_kdf: '{"alg":"argon2id"}', pass_proof_hash: new Uint8Array(32), pass_attempts_left: 5 };
  await db
    .insertInto('secrets')
    .values({ ...base, ...active, ...lock, id: 'ok' })
    .execute();
  await expect(
    db
      .insertInto('secrets')
      .values({ ...base, ...active, ...lock, pass_attempts_left: null, id: 'partial' })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);
  await expect(
    db
      .insertInto('secrets')
      .values({ ...base, ...active, ...lock, pass_attempts_left: 0, id: 'no-attempts' })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);
  await expect(
    db
      .insertInto('secrets')
      .values({ ...base, ...lock, envelope: null, state: 'locked', ended_at: 1, id: 'ended' })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);
  await expect(
    db
      .insertInto('secrets')
      .values({ ...base, ...active, ...lock, pass_kdf: 'not json', id: 'bad-json' })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed/);
});

test('audit events accept only the known types and capped lengths', async () => {
  const { db } = database;
  await migrateToLatest(db);
  const event = { secret_id: 'x', at: 0, ip: null, user_agent: null, referrer: null };
  await db
    .insertInto('secret_events')
    .values({ ...event, type: 'viewed' })
    .execute();
  await expect(
    db
      .insertInto('secret_events')
      // @ts-expect-error -- an unknown type is exactly what the CHECK must refuse.
      .values({ ...event, type: 'hacked' })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed: secret_events_type/);
  await expect(
    db
      .insertInto('secret_events')
      .values({ ...event, type: 'viewed', user_agent: 'x'.repeat(513) })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed: secret_events_lengths/);
  const rows = await db.selectFrom('secret_events').select('seq').execute();
  expect(rows).toEqual([{ seq: 1 }]);
});
