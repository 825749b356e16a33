/**
 * The checkpoint worker: its own connection checkpoints the server's database file — TRUNCATE leaves
 * erased ciphertext in neither the database file nor the WAL ("deleted means gone") — while the
 * server's connection never checkpoints on its own (wal_autocheckpoint 0) and the WAL stays bounded; where no worker can run
 * (in-memory database, better-sqlite3 not loadable) checkpoints fall back to the server's connection.
 */
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, test, vi } from 'vitest';
import { MEMORY, openDatabase, type OpenDatabase } from './open-database.ts';
import { startWalCheckpointer } from './wal-checkpointer.ts';

const dir = mkdtempSync(join(tmpdir(), 'zkpush-checkpointer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function autoCheckpoint(database: OpenDatabase): Promise<number> {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
  return rows[0]!.wal_autocheckpoint;
}

function start(
  database: OpenDatabase,
  module?: string,
  limits: { walLimitPages?: number; busyTimeoutMs?: number } = {},
) {
  const onServerConnection = vi.fn(() => Promise.resolve({ busy: false }));
  return {
    onServerConnection,
    checkpointer: startWalCheckpointer({
      file: database.file,
      onServerConnection,
      setAutoCheckpoint: (pages) => database.setWalAutoCheckpoint(pages),
      ...(module === undefined ? {} : { module }),
      ...limits,
    }),
  };
}

test('TRUNCATE on the worker: erased ciphertext is in neither file, the WAL is empty, the server thread did nothing', async () => {
  const file = join(dir, 'gone.sqlite');
  const database = openDatabase(file);
  const { checkpointer: starting, onServerConnection } = start(database);
  const checkpointer = await starting;
  try {
    expect(checkpointer.offThread).toBe(true);
    // The serving connection never checkpoints on its own while the worker runs.
    expect(await autoCheckpoint(database)).toBe(0);

    const secret = Buffer.alloc(256 * 1024);
    for (let i = 0; i < secret.length; i++) secret[i] = (i * 131 + 7) % 251;
    const probe = secret.subarray(100_000, 100_064);
    await sql`create table blobs (id integer primary key, data blob)`.execute(database.db);
    await sql`insert into blobs (id, data) values (1, ${secret})`.execute(database.db);
    await sql`update blobs set data = null where id = 1`.execute(database.db);
    const stored = () => Buffer.concat([file, `${file}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    expect(stored().includes(probe)).toBe(true); // the old page images are still in the WAL

    expect(await checkpointer.checkpoint('PASSIVE')).toEqual({ busy: false });
    expect(await checkpointer.checkpoint('TRUNCATE')).toEqual({ busy: false });
    expect(statSync(`${file}-wal`).size).toBe(0);
    expect(stored().includes(probe)).toBe(false);
    expect(onServerConnection).not.toHaveBeenCalled();
  } finally {
    await checkpointer.close();
  }
  expect(await autoCheckpoint(database)).toBe(1000);
  await database.close();
  expect(existsSync(`${file}-wal`)).toBe(false);
});

test('an in-memory database checkpoints on the server connection', async () => {
  const database = openDatabase(MEMORY);
  const { checkpointer: starting, onServerConnection } = start(database);
  const checkpointer = await starting;
  expect(checkpointer.offThread).toBe(false);
  await checkpointer.checkpoint('TRUNCATE');
  expect(onServerConnection).toHaveBeenCalledWith('TRUNCATE');
  await checkpointer.close();
  await database.close();
});

test('a worker that cannot load better-sqlite3 leaves checkpoints on the server connection', async () => {
  const broken = join(dir, 'broken.cjs');
  writeFileSync(broken, "throw new Error('no addon here');\n");
  const database = openDatabase(join(dir, 'fallback.sqlite'));
  const { checkpointer: starting, onServerConnection } = start(database, broken);
  const checkpointer = await starting;
  expect(checkpointer.offThread).toBe(false);
  expect(await autoCheckpoint(database)).toBe(1000);
  await checkpointer.checkpoint('PASSIVE');
  expect(onServerConnection).toHaveBeenCalledWith('PASSIVE');
  await checkpointer.close();
  await database.close();
});

test('the WAL stays bounded: a PASSIVE run that leaves a long WAL uncopied is followed by a RESTART', async () => {
  const file = join(dir, 'bounded.sqlite');
  const database = openDatabase(file);
  const { checkpointer: starting } = start(database, undefined, { walLimitPages: 8, busyTimeoutMs: 50 });
  const checkpointer = await starting;
  const reader = new BetterSqlite3(file);
  try {
    await sql`create table pages (id integer primary key, data blob)`.execute(database.db);
    await sql`insert into pages (id, data) values (0, zeroblob(100))`.execute(database.db);
    expect(await checkpointer.checkpoint('PASSIVE')).toEqual({ busy: false });
    // A reader on an old snapshot keeps PASSIVE from copying what was written after it.
    reader.exec('begin');
    reader.prepare('select count(*) from pages').get();
    for (let i = 1; i <= 16; i++) {
      await sql`insert into pages (id, data) values (${i}, zeroblob(8192))`.execute(database.db);
    }
    // PASSIVE alone reports "not busy" with frames left; the follow-up RESTART waits for the reader.
    expect(await checkpointer.checkpoint('PASSIVE')).toEqual({ busy: true });
    reader.exec('commit');
    expect(await checkpointer.checkpoint('PASSIVE')).toEqual({ busy: false });
    // Everything was copied and the WAL restarted: the next write goes to its beginning.
    await sql`insert into pages (id, data) values (100, zeroblob(100))`.execute(database.db);
    const { rows } = await sql<{ log: number }>`pragma wal_checkpoint(PASSIVE)`.execute(database.db);
    expect(rows[0]!.log).toBeLessThan(8);
  } finally {
    reader.close();
    await checkpointer.close();
    await database.close();
  }
});
