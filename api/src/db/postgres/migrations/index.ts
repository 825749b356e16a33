/**
 * Every PostgreSQL migration, imported explicitly (no directory scan) so the set survives bundling into
 * a single executable. Names sort in application order; append new entries, never rename or reorder.
 *
 * PostgreSQL has its own list because its first migration already holds SQLite's 0001–0006. A change
 * to the schema adds a migration to both lists: SQLite's next number in db/migrations/, and here the
 * next PostgreSQL number (`0002-…`, `0003-…`), each saying in its header which SQLite migration it
 * matches, or that it has none (0002: PostgreSQL-only tables). SQLite has no 0007; SQLite 0008 (auth
 * tables) is PostgreSQL 0003; SQLite 0009 (creator, recipient, actor) is PostgreSQL 0004. postgres/schema-parity.test.ts fails while one engine lacks a table or
 * column the other has.
 */
import type { Migration, MigrationProvider } from 'kysely/migration';
import { pgMigration0001 } from './0001-initial.ts';
import { pgMigration0002 } from './0002-rate-buckets.ts';
import { pgMigration0003 } from './0003-auth.ts';
import { pgMigration0004 } from './0004-push-creator.ts';

export const PG_MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': pgMigration0001,
  '0002-rate-buckets': pgMigration0002,
  '0003-auth': pgMigration0003,
  '0004-push-creator': pgMigration0004,
});

export const bundledPgMigrations: MigrationProvider = Object.freeze({
  getMigrations: () => Promise.resolve({ ...PG_MIGRATIONS }),
});
