import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, test } from 'vitest';
import { migrateToLatest } from '../migrations/migrate.ts';
import { MIGRATIONS } from '../migrations/index.ts';
import { MEMORY, openDatabase } from './open-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkpush-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a file database gets WAL, secure_delete, foreign keys, busy timeout and NORMAL sync', async () => {
  const file = join(dir, 'pragmas.sqlite');
  const { db, close } = openDatabase(file);
  const pragma = async (name: string) => {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.raw(`pragma_${name}`)}`.execute(db);
    return Object.values(rows[0] ?? {})[0];
  };
  expect(await pragma('journal_mode')).toBe('wal');
  expect(await pragma('secure_delete')).toBe(1);
  expect(await pragma('foreign_keys')).toBe(1);
  expect(await pragma('busy_timeout')).toBe(5000);
  expect(await pragma('synchronous')).toBe(1);
  await close();
  expect(statSync(file).mode & 0o777).toBe(0o600);
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
