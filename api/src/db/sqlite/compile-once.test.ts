import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterAll, expect, test } from 'vitest';
import { compileOnce } from './compile-once.ts';
import { ImmediateSqliteDialect } from './immediate-dialect.ts';

type Db = { items: { id: string; n: number; data: Uint8Array | null } };
// Compiling needs no connection; the database is never opened by these tests.
const db = new Kysely<Db>({ dialect: new ImmediateSqliteDialect({ database: new BetterSqlite3(':memory:') }) });
afterAll(() => db.destroy());

const update = (id: string, n: number, data: Uint8Array | null) =>
  db.updateTable('items').set({ n, data }).where('id', '=', id).where('n', '>', sql.lit(0));

test('each call runs the SQL compiled once, with that call’s values bound in kysely’s order', () => {
  const compiled = compileOnce(update, (id, n, data) => [n, data, id], ['sample', 1, Uint8Array.of(2)]);
  const calls: [string, number, Uint8Array | null][] = [
    ['a', 7, Uint8Array.of(1, 2, 3)],
    ['b', -1, null],
  ];
  for (const args of calls) {
    const once = compiled(...args);
    const fresh = update(...args).compile();
    expect(once.sql).toBe(fresh.sql);
    expect(once.parameters).toEqual(fresh.parameters);
  }
  // Constants stay in the SQL rather than among the bound values.
  expect(compiled('x', 1, null).sql).toContain('> 0');
});

test('a bind() that lists the values in another order is refused when the query is compiled', () => {
  expect(() => compileOnce(update, (id, n, data) => [data, n, id], ['sample', 1, Uint8Array.of(2)])).toThrow(
    /bind\(\) does not match/,
  );
  expect(() => compileOnce(update, (id, n, data) => [n, data, id, id], ['sample', 1, Uint8Array.of(2)])).toThrow(
    /4 values given, 3 bound/,
  );
});

test('byte values are compared by content, not identity', () => {
  const sample = Uint8Array.of(5, 6);
  expect(() => compileOnce(update, (id, n) => [n, Uint8Array.of(5, 6), id], ['s', 1, sample])).not.toThrow();
  expect(() => compileOnce(update, (id, n) => [n, Uint8Array.of(5, 7), id], ['s', 1, sample])).toThrow();
});
