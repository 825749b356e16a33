import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, test } from 'vitest';
import { migrateToLatest } from '../migrations/migrate.ts';
import { MIGRATIONS } from '../migrations/index.ts';
import { MEMORY, openDatabase, type OpenDatabase } from './open-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkpush-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readPragma = async (db: OpenDatabase['db'], name: string) => {
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(db);
  return Object.values(rows[0] ?? {})[0];
};

test('a file database gets WAL, secure_delete, foreign keys, busy timeout and FULL sync', async () => {
  const file = join(dir, 'pragmas.sqlite');
  const { db, close } = openDatabase(file);
  expect(await readPragma(db, 'journal_mode')).toBe('wal');
  expect(await readPragma(db, 'secure_delete')).toBe(1);
  expect(await readPragma(db, 'foreign_keys')).toBe(1);
  expect(await readPragma(db, 'busy_timeout')).toBe(5000);
  // FULL (2): an answered reveal is on disk, so an OS crash cannot make a used view usable again.
  expect(await readPragma(db, 'synchronous')).toBe(2);
  await close();
  expect(statSync(file).mode & 0o777).toBe(0o600);
});

test('ZKPUSH_SQLITE_SYNCHRONOUS=normal opens with NORMAL sync', async () => {
  const { db, close } = openDatabase(join(dir, 'normal.sqlite'), { synchronous: 'normal' });
  expect(await readPragma(db, 'synchronous')).toBe(1);
  await close();
});

test('migrations apply once, in order, and are frozen', async () => {
  const { db, close } = openDatabase(join(dir, 'migrate.sqlite'));
  expect(await migrateToLatest(db)).toEqual(Object.keys(MIGRATIONS));
  expect(await migrateToLatest(db)).toEqual([]);
  expect(Object.isFrozen(MIGRATIONS)).toBe(true);
  expect(Object.keys(MIGRATIONS)).toEqual([...Object.keys(MIGRATIONS)].sort());
  await close();
});

test('the schema refuses an ended row that still holds ciphertext, and an active one without it', async () => {
  const { db, close } = openDatabase(MEMORY);
  await migrateToLatest(db);
  const base = {
    key_proof_hash: new Uint8Array(32),
    owner_token_hash: new Uint8Array(32),
    views: 1,
    views_left: 1,
    created_at: 0,
    expires_at: 1,
  };
  await expect(
    db
      .insertInto('secrets')
      .values({ ...base, id: 'a', envelope: new Uint8Array(41), state: 'viewed', ended_at: 1 })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed: secrets_lifecycle/);
  await expect(
    db
      .insertInto('secrets')
      .values({ ...base, id: 'b', envelope: null, state: 'active', ended_at: null })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed: secrets_lifecycle/);
  await expect(
    db
      .insertInto('secrets')
      .values({ ...base, id: 'c', envelope: new Uint8Array(41), state: 'active', ended_at: null, views_left: 2 })
      .execute(),
  ).rejects.toThrow(/CHECK constraint failed: secrets_views/);
  await close();
});
