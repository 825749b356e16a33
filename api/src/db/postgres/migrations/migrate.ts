/**
 * Brings a PostgreSQL schema up to date at start-up. Several instances may start at once against the
 * same database, so the whole run — including kysely creating its `kysely_migration` tables, which it
 * does before taking its own lock — holds a session-level advisory lock on one connection: the first
 * instance migrates, the others wait and then find nothing to do.
 *
 * A database migrated by a newer zkpush (a migration name this build does not know) is refused by
 * kysely's Migrator ("corrupted migrations … missing"), the same check as SQLite's (db/migrations/
 * migrate.ts): a server never runs against a schema it does not understand. Throws (an edge).
 */
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { bundledPgMigrations } from './index.ts';
import type { Database } from '../../schema.ts';

/** The advisory lock key of zkpush's migrations (any bigint; 'zkpm' in ASCII). */
export const MIGRATION_LOCK_KEY = 0x7a6b706d;

export async function migratePostgres(db: Kysely<Database>): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn);
    try {
      const migrator = new Migrator({ db: conn, provider: bundledPgMigrations });
      const { error, results = [] } = await migrator.migrateToLatest();
      if (error !== undefined) {
        const failed = results.find((r) => r.status === 'Error')?.migrationName;
        if (failed !== undefined) throw new Error(`database migration ${failed} failed`, { cause: error });
        // Nothing ran: the recorded migrations are not this build's (a newer zkpush migrated it).
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`the database schema is not one this zkpush knows (newer version?): ${reason}`, {
          cause: error,
        });
      }
      return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_KEY)})`.execute(conn);
    }
  });
}
