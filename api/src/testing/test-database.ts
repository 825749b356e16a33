/**
 * The engine the API and domain tests run on: SQLite (in memory) unless ZKPUSH_TEST_DATABASE=postgres,
 * which the `api-pg` Vitest project sets (vite.config.ts; `pnpm test:pg`). In PostgreSQL mode each test
 * file gets its own scratch database (`zkpush_test_…`, created and migrated on first use, dropped after
 * the file by pg-setup.ts), and each test app starts from empty tables. Only imported by tests.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/config.ts';
import type { Engine } from '../db/open-store.ts';
import { migratePostgres } from '../db/postgres/migrations/migrate.ts';
import { openPostgres, type OpenPostgres } from '../db/postgres/open-postgres.ts';
import type { Database } from '../db/schema.ts';

export const TEST_ENGINE: Engine = process.env['ZKPUSH_TEST_DATABASE'] === 'postgres' ? 'postgres' : 'sqlite';

/** The server and maintenance database the scratch databases are created from. */
export const TEST_POSTGRES_URL =
  process.env['ZKPUSH_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Every table with rows, children before the parents their foreign keys point at. */
const TABLES = ['download_grants', 'secret_files', 'file_pushes', 'secret_events', 'secrets', 'rate_buckets'];

let scratch: { name: string; url: string; migrated: Promise<void> } | undefined;

/** `url` with another database name. */
export function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
}

/** Runs `statement` on the maintenance database with a one-off client. */
export async function adminQuery(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Whether the test server answers (a clear skip beats a wall of connection errors). */
export async function postgresReachable(): Promise<boolean> {
  try {
    await adminQuery('select 1');
    return true;
  } catch {
    return false;
  }
}

/** Creates a fresh, empty PostgreSQL database and returns its URL (the caller drops it: dropScratch). */
export async function createScratchDatabase(): Promise<{ name: string; url: string }> {
  const name = `zkpush_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  return { name, url: withDatabase(TEST_POSTGRES_URL, name) };
}

export async function dropScratchDatabase(name: string): Promise<void> {
  await adminQuery(`drop database if exists ${name} with (force)`);
}

/**
 * This test file's scratch database, migrated, with empty tables — or, with `join`, as it is: another
 * instance on the same database. The pool is the caller's to close.
 */
export async function openTestPostgres(options: { join?: boolean } = {}): Promise<OpenPostgres> {
  if (scratch === undefined) {
    const created = createScratchDatabase();
    const migrated = created.then(async ({ url }) => {
      const pgDb = openPostgres(postgresConfig(url));
      try {
        await migratePostgres(pgDb.db);
      } finally {
        await pgDb.close();
      }
    });
    const { name, url } = await created;
    scratch = { name, url, migrated };
  }
  await scratch.migrated;
  const opened = openPostgres(postgresConfig(scratch.url));
  if (options.join !== true) await emptyTables(opened.db);
  return opened;
}

/** Drops this file's scratch database, if it made one (pg-setup.ts, after each file). */
export async function dropTestPostgres(): Promise<void> {
  if (scratch === undefined) return;
  const { name } = scratch;
  scratch = undefined;
  await dropScratchDatabase(name);
}

export function postgresConfig(url: string): DatabaseConfig {
  return { url, poolSize: 10, statementTimeoutMs: 30_000, sslMode: 'url', sslCaFile: undefined };
}

/**
 * DELETE rather than TRUNCATE: the tables hold a test's few rows, and TRUNCATE's new files and
 * exclusive locks cost more than deleting them. The triggers bring the usage row back to zero.
 */
async function emptyTables(db: Kysely<Database>): Promise<void> {
  await sql`${sql.join(
    TABLES.map((t) => sql`delete from ${sql.id(t)}`),
    sql`; `,
  )}`.execute(db);
}
