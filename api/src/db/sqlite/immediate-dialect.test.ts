import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql, type DatabaseConnection } from 'kysely';
import { afterAll, expect, test, vi } from 'vitest';
import { CachingSqliteConnection, ImmediateSqliteDialect } from './immediate-dialect.ts';

type Db = { items: { id: number; name: string } };

const dir = mkdtempSync(join(tmpdir(), 'zkpush-dialect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A kysely instance on `file` whose better-sqlite3 `prepare` calls are counted. */
async function open(options: { file?: string; statementCacheSize?: number } = {}) {
  const sqlite = new BetterSqlite3(options.file ?? ':memory:');
  const prepare = vi.spyOn(sqlite, 'prepare');
  let connection: DatabaseConnection | undefined;
  const db = new Kysely<Db>({
    dialect: new ImmediateSqliteDialect({
      database: sqlite,
      ...(options.statementCacheSize === undefined ? {} : { statementCacheSize: options.statementCacheSize }),
      onCreateConnection: (c) => {
        connection = c;
        return Promise.resolve();
      },
    }),
  });
  await sql`create table if not exists items (id integer primary key, name text not null unique)`.execute(db);
  if (!(connection instanceof CachingSqliteConnection)) throw new Error('expected the caching connection');
  prepare.mockClear();
  return { db, sqlite, prepare, connection };
}

const byId = (db: Kysely<Db>, id: number) =>
  db.selectFrom('items').select(['id', 'name']).where('id', '=', id).executeTakeFirst();

test('the same query shape is prepared once and run with each call’s values', async () => {
  const { db, prepare } = await open();
  await db.insertInto('items').values({ id: 1, name: 'one' }).execute();
  await db.insertInto('items').values({ id: 2, name: 'two' }).execute();
  expect(await byId(db, 1)).toEqual({ id: 1, name: 'one' });
  expect(await byId(db, 2)).toEqual({ id: 2, name: 'two' });
  expect(await byId(db, 3)).toBeUndefined();
  expect(prepare).toHaveBeenCalledTimes(2); // one insert shape, one select shape
  await db.destroy();
});

test('different SQL texts get different statements', async () => {
  const { db, prepare, connection } = await open();
  await byId(db, 1);
  await db.selectFrom('items').select('name').where('id', '=', 1).execute();
  await db.selectFrom('items').select('id').where('name', '=', 'x').execute();
  expect(prepare).toHaveBeenCalledTimes(3);
  expect(connection.statements.size).toBe(4); // the create table statement is cached too
  await db.destroy();
});

test('transactions start with BEGIN IMMEDIATE: the write lock is held before the first statement', async () => {
  const file = join(dir, 'immediate.sqlite');
  const { db } = await open({ file });
  const other = new BetterSqlite3(file, { timeout: 0 });
  await db.transaction().execute(async () => {
    // A deferred BEGIN would take no lock yet and let the other connection write.
    expect(() => other.exec(`insert into items (id, name) values (9, 'other')`)).toThrow(/locked|busy/i);
    return Promise.resolve();
  });
  other.exec(`insert into items (id, name) values (9, 'other')`);
  other.close();
  await db.destroy();
});

test('cached statements are reused across transactions, commits and rollbacks', async () => {
  const { db, prepare } = await open();
  const insert = (trx: Kysely<Db>, id: number) =>
    trx
      .insertInto('items')
      .values({ id, name: `n${id}` })
      .execute();
  await db.transaction().execute(async (trx) => {
    await insert(trx, 1);
    await insert(trx, 2);
    expect(await byId(trx, 1)).toEqual({ id: 1, name: 'n1' });
  });
  const afterFirst = prepare.mock.calls.map(([text]) => text);
  expect(afterFirst).toHaveLength(4); // begin immediate, insert, select, commit
  expect(afterFirst[0]).toBe('begin immediate');
  expect(afterFirst[3]).toBe('commit');

  // A failing statement rolls the transaction back and leaves the cached statements usable.
  await expect(
    db.transaction().execute(async (trx) => {
      await insert(trx, 3);
      await insert(trx, 3); // primary key violation
    }),
  ).rejects.toThrow(/UNIQUE|PRIMARY KEY/);
  expect(await byId(db, 3)).toBeUndefined();

  await db.transaction().execute(async (trx) => {
    await insert(trx, 4);
    expect(await byId(trx, 4)).toEqual({ id: 4, name: 'n4' });
  });
  // Only `rollback` was new after the first transaction.
  expect(prepare.mock.calls.map(([text]) => text).slice(afterFirst.length)).toEqual(['rollback']);
  expect((await db.selectFrom('items').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual([1, 2, 4]);
  await db.destroy();
});

test('the cache is bounded: past its size the least recently used statement is prepared again', async () => {
  const { db, prepare, connection } = await open({ statementCacheSize: 2 });
  const q = (column: 'id' | 'name') => db.selectFrom('items').select(column).execute();
  await q('id');
  await q('name');
  await byId(db, 1); // evicts `select id`
  expect(connection.statements.size).toBe(2);
  await q('id');
  expect(prepare).toHaveBeenCalledTimes(4);
  await db.destroy();
});

test('destroying the database clears the cache and closes the connection', async () => {
  const { db, sqlite, connection } = await open();
  await byId(db, 1);
  expect(connection.statements.size).toBeGreaterThan(0);
  await db.destroy();
  expect(connection.statements.size).toBe(0);
  expect(sqlite.open).toBe(false);
});

test('streamed queries work and get their own statement, not a cached one', async () => {
  const { db, prepare, connection } = await open();
  await db
    .insertInto('items')
    .values([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ])
    .execute();
  const query = db.selectFrom('items').select('name').orderBy('id');
  const cached = connection.statements.size;
  const names: string[] = [];
  for await (const row of query.stream()) names.push(row.name);
  expect(names).toEqual(['a', 'b']);
  expect(connection.statements.has(query.compile().sql)).toBe(false);
  expect(connection.statements.size).toBe(cached);
  for await (const row of query.stream()) names.push(row.name);
  expect(prepare.mock.calls.filter(([text]) => text === query.compile().sql)).toHaveLength(2);
  await db.destroy();
});
