/** Migration 0005 on a database whose trails hold floods of `failed_key` rows from before it. */
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

const base = {
  key_proof_hash: new Uint8Array(32),
  owner_token_hash: new Uint8Array(32),
  views: 2,
  views_left: 2,
  created_at: 0,
  expires_at: 1000,
  envelope: new Uint8Array(41),
  state: 'active' as const,
  ended_at: null,
};
const event = { at: 0, ip: null, user_agent: null, referrer: null };

async function at0004() {
  const { db } = database;
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0004-upload-client-tag')).error).toBe(
    undefined,
  );
  return db;
}

test('failed_key rows are counted apart, trimmed to the first and latest five, and leave event_count', async () => {
  const db = await at0004();
  // 'flood': created, 30 wrong keys, viewed; 'quiet': created, 2 wrong keys.
  const rows: { id: string; types: string[] }[] = [
    { id: 'flood', types: ['created', ...Array<string>(30).fill('failed_key'), 'viewed'] },
    { id: 'quiet', types: ['created', 'failed_key', 'failed_key'] },
  ];
  for (const { id, types } of rows) {
    await db
      .insertInto('secrets')
      .values({ ...base, id, event_count: types.length })
      .execute();
    for (const type of types) {
      await db
        .insertInto('secret_events')
        .values({ ...event, secret_id: id, type: type as 'created' })
        .execute();
    }
  }
  const floodSeqs = (await db.selectFrom('secret_events').select('seq').where('secret_id', '=', 'flood').execute()).map(
    (r) => r.seq,
  );

  expect(await migrateToLatest(db)).toEqual([
    '0005-bounded-failed-keys',
    '0006-storage-usage',
    '0008-auth',
    '0009-push-creator',
  ]);
  expect(
    await db.selectFrom('secrets').select(['id', 'event_count', 'failed_key_count']).orderBy('id').execute(),
  ).toEqual([
    { id: 'flood', event_count: 2, failed_key_count: 30 },
    { id: 'quiet', event_count: 1, failed_key_count: 2 },
  ]);
  const kept = (await db.selectFrom('secret_events').select('seq').where('secret_id', '=', 'flood').execute()).map(
    (r) => r.seq,
  );
  // created, failed_key #1–5, failed_key #26–30, viewed — with their original seq.
  expect(kept).toEqual([...floodSeqs.slice(0, 6), ...floodSeqs.slice(26)]);
  const quiet = await db.selectFrom('secret_events').select('type').where('secret_id', '=', 'quiet').execute();
  expect(quiet.map((r) => r.type)).toEqual(['created', 'failed_key', 'failed_key']);

  // The counter never goes below zero.
  await expect(sql`update secrets set failed_key_count = -1`.execute(db)).rejects.toThrow(/CHECK constraint failed/);
});

test('the partial index serves the literal failed_key lookups', async () => {
  const db = await at0004();
  await migrateToLatest(db);
  const { rows } = await sql<{ detail: string }>`explain query plan
    select seq from secret_events where secret_id = 'x' and type = 'failed_key' order by seq`.execute(db);
  expect(rows.map((r) => r.detail).join('\n')).toContain('secret_events_failed_key');
});

test('down counts the kept rows into event_count again and removes the column', async () => {
  const db = await at0004();
  await db
    .insertInto('secrets')
    .values({ ...base, id: 'p', event_count: 3 })
    .execute();
  for (const type of ['created', 'failed_key', 'failed_key'] as const) {
    await db
      .insertInto('secret_events')
      .values({ ...event, secret_id: 'p', type })
      .execute();
  }
  await migrateToLatest(db);
  expect(await db.selectFrom('secrets').select('event_count').executeTakeFirst()).toEqual({ event_count: 1 });
  expect((await new Migrator({ db, provider: bundledMigrations }).migrateTo('0004-upload-client-tag')).error).toBe(
    undefined,
  );
  const columns = (await db.introspection.getTables()).find((t) => t.name === 'secrets')?.columns ?? [];
  expect(columns.map((c) => c.name)).not.toContain('failed_key_count');
  expect(await db.selectFrom('secrets').select('event_count').executeTakeFirst()).toEqual({ event_count: 3 });
});
