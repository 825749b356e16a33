/**
 * PostgreSQL start-up (db/open-store.ts): instances starting together migrate once, a schema from a
 * newer zkpush is refused, and only one instance at a time holds the sweeper's lock. Runs in the
 * `api-pg` project (ZKPUSH_TEST_DATABASE=postgres); elsewhere it is skipped with a message saying why.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { defaultConfig } from '../../config/config.ts';
import { silentLogger } from '../../logger.ts';
import { openStore, type Store } from '../open-store.ts';
import {
  createScratchDatabase,
  dropScratchDatabase,
  postgresConfig,
  TEST_ENGINE,
} from '../../testing/test-database.ts';
import { PG_MIGRATIONS } from './migrations/index.ts';
import { openPostgres } from './open-postgres.ts';

const onPostgres = TEST_ENGINE === 'postgres';
if (!onPostgres) console.warn('SKIPPED: open-postgres-store.test.ts runs only with ZKPUSH_TEST_DATABASE=postgres');

describe.skipIf(!onPostgres)('PostgreSQL start-up', () => {
  let scratch: { name: string; url: string };
  const stores: Store[] = [];
  const open = async () => {
    const store = await openStore(defaultConfig({ database: postgresConfig(scratch.url) }), { logger: silentLogger });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    scratch = await createScratchDatabase();
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await dropScratchDatabase(scratch.name);
  });

  test('three instances starting at once: one migrates, the others find the schema current', async () => {
    const opened = await Promise.all([open(), open(), open()]);
    expect(opened.map((store) => store.engine)).toEqual(['postgres', 'postgres', 'postgres']);
    const all = Object.keys(PG_MIGRATIONS).length;
    expect(opened.map((store) => store.applied.length).sort()).toEqual([0, 0, all]);
    expect(await opened[0]!.repo.storageUsage()).toEqual({ envelopeBytes: 0, fileBytes: 0 });
  });

  test('a database migrated by a newer zkpush is refused at start-up', async () => {
    await (await open()).close();
    const pg = openPostgres(postgresConfig(scratch.url));
    await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', now()::text)`.execute(
      pg.db,
    );
    await pg.close();
    await expect(open()).rejects.toThrow(/not one this zkpush knows.*9999-from-the-future is missing/);
  });

  test('one sweeper at a time: a second instance skips while the first holds the lock, then may run', async () => {
    const [first, second] = await Promise.all([open(), open()]);
    let release = (): void => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered = (): void => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const long = first!.exclusive!(async () => {
      entered();
      await held;
      return 'first';
    });
    await inside;
    expect(await second!.exclusive!(() => Promise.resolve('second'))).toEqual({ ran: false });
    release();
    expect(await long).toEqual({ ran: true, value: 'first' });
    expect(await second!.exclusive!(() => Promise.resolve('second'))).toEqual({ ran: true, value: 'second' });
  });
});
