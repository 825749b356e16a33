/**
 * What GET /readyz asks the database (observability/readiness.ts): does it answer, and has this
 * build's schema been applied. Engine-neutral — plain kysely on whatever dialect the store uses.
 */
import { sql, type Kysely } from 'kysely';
import { Migrator, type MigrationProvider } from 'kysely/migration';
import { bundledMigrations } from './migrations/index.ts';

/** A trivial round trip; throws when the database cannot answer (closed, unreachable). */
export async function pingDatabase<DB>(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

/** Names of this build's migrations the database has not run yet (empty: the schema is current). */
export async function pendingMigrations<DB>(
  db: Kysely<DB>,
  provider: MigrationProvider = bundledMigrations,
): Promise<string[]> {
  const migrations = await new Migrator({ db, provider }).getMigrations();
  return migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
