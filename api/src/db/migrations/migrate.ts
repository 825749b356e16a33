/**
 * Brings the schema up to date at start-up with kysely's Migrator and the bundled migration list.
 * Throws (an edge: the server must not start on a half-migrated database).
 */
import type { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { bundledMigrations } from './index.ts';
import type { Database } from '../schema.ts';

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: bundledMigrations });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
