/**
 * Both engines end at the same schema: the same tables with the same columns and nullability after
 * SQLite's migrations and PostgreSQL's. A SQLite migration added without its PostgreSQL counterpart
 * (postgres/migrations/index.ts) fails here. Runs in the `api-pg` project; elsewhere it is skipped.
 */
import type { Kysely } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { migrateToLatest } from '../migrations/migrate.ts';
import { MEMORY, openDatabase } from '../sqlite/open-database.ts';
import type { Database } from '../schema.ts';
import { openTestPostgres, TEST_ENGINE } from '../../testing/test-database.ts';

const onPostgres = TEST_ENGINE === 'postgres';
if (!onPostgres) console.warn('SKIPPED: schema-parity.test.ts runs only with ZKPUSH_TEST_DATABASE=postgres');

type Shape = Record<string, Record<string, { nullable: boolean }>>;

/** PostgreSQL's own tables, with no SQLite counterpart (their migrations say why). */
const POSTGRES_ONLY = ['rate_buckets', 'rate_limit_key'];

async function shape(db: Kysely<Database>): Promise<Shape> {
  const tables = await db.introspection.getTables();
  return Object.fromEntries(
    tables
      .filter((table) => !table.name.startsWith('kysely_') && !table.name.startsWith('sqlite_'))
      .filter((table) => !POSTGRES_ONLY.includes(table.name))
      .map((table) => [
        table.name,
        Object.fromEntries(table.columns.map((column) => [column.name, { nullable: column.isNullable }])),
      ]),
  );
}

describe.skipIf(!onPostgres)('schema parity', () => {
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    await Promise.all(closers.splice(0).map((close) => close()));
  });

  test('SQLite and PostgreSQL end at the same tables, columns and nullability', async () => {
    const sqlite = openDatabase(MEMORY);
    closers.push(() => sqlite.close());
    await migrateToLatest(sqlite.db);
    const pg = await openTestPostgres();
    closers.push(() => pg.close());
    const [fromSqlite, fromPostgres] = [await shape(sqlite.db), await shape(pg.db)];
    // SQLite reports some primary-key columns as nullable (a text key allows NULL there, and the
    // INTEGER PRIMARY KEY `seq` is the rowid, never NULL); PostgreSQL's primary keys are NOT NULL.
    for (const table of Object.values(fromSqlite)) {
      for (const [name, column] of Object.entries(table)) {
        if (['id', 'secret_id', 'token_hash', 'seq', 'id_hash', 'state_hash'].includes(name)) column.nullable = false;
      }
    }
    expect(fromPostgres).toEqual(fromSqlite);
  });
});
