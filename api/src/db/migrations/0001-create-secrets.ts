/**
 * 0001: the `secrets` table. FROZEN — once released, never edit a migration; add a new one.
 *
 * Forward design (later issues, not built here):
 * - passphrase: `pass_proof_hash BLOB`, `attempts_left INTEGER` and the state 'locked'. The CHECK below
 *   already admits 'locked' (GONE_REASONS in shared/src/errors.ts) because SQLite cannot alter a CHECK
 *   constraint without rebuilding the table.
 * - audit events: a separate `secret_events` table keyed by secret id, without a foreign key, so that
 *   purging a tombstone does not have to rewrite history.
 * - file pushes: a `kind` column plus chunked blobs in their own table; `envelope` stays the text path.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const migration0001: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('secrets')
      .addColumn('id', 'text', (col) => col.primaryKey().notNull())
      .addColumn('envelope', 'blob')
      .addColumn('key_proof_hash', 'blob', (col) => col.notNull())
      .addColumn('owner_token_hash', 'blob', (col) => col.notNull())
      .addColumn('views', 'integer', (col) => col.notNull())
      .addColumn('views_left', 'integer', (col) => col.notNull())
      .addColumn('created_at', 'integer', (col) => col.notNull())
      .addColumn('expires_at', 'integer', (col) => col.notNull())
      .addColumn('state', 'text', (col) => col.notNull())
      .addColumn('ended_at', 'integer')
      .addCheckConstraint('secrets_state', sql`state in ('active', 'viewed', 'expired', 'deleted', 'locked')`)
      .addCheckConstraint('secrets_views', sql`views >= 1 and views_left >= 0 and views_left <= views`)
      .addCheckConstraint('secrets_hashes', sql`length(key_proof_hash) = 32 and length(owner_token_hash) = 32`)
      // "Deleted means gone" as a schema invariant: an ended row can never keep its ciphertext.
      .addCheckConstraint(
        'secrets_lifecycle',
        sql`(state = 'active' and envelope is not null and views_left > 0 and ended_at is null)
          or (state <> 'active' and envelope is null and ended_at is not null)`,
      )
      .modifyEnd(sql`strict`)
      .execute();

    // The sweeper's two scans: active rows past expiry, and tombstones past retention.
    await db.schema
      .createIndex('secrets_active_expiry')
      .on('secrets')
      .column('expires_at')
      .where(sql.ref('state'), '=', 'active')
      .execute();
    await db.schema
      .createIndex('secrets_tombstone_age')
      .on('secrets')
      .column('ended_at')
      .where(sql.ref('state'), '<>', 'active')
      .execute();
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('secrets').execute();
  },
});
