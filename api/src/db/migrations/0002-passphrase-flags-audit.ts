/**
 * 0002: passphrase lock, lifecycle flags and the audit trail. FROZEN — once released, never edit a
 * migration; add a new one.
 *
 * - `secrets` gains the flags, the passphrase verifier (public KDF parameters, SHA-256(passProof),
 *   attempts left) and an event counter. Rows from before this migration keep the behaviour they were
 *   created with: a retrieval step (the only behaviour 0001 had) and *no* viewer deletion (their
 *   creators never agreed to it).
 * - Column CHECKs carry the invariants SQLite cannot add as table constraints without a rebuild: the
 *   three passphrase columns are set together or not at all, and a passphrase verifier exists only
 *   while the push is active ("deleted means gone" for it too). A CHECK passes when its expression is
 *   NULL, so every comparison is guarded with `is not null` where a NULL must fail.
 * - `secret_events` has no foreign key, as 0001 planned: the sweeper deletes a tombstone's events in
 *   batches before the tombstone itself (a cascade would delete up to the per-push cap in one go).
 *   The event types are spelled out here, not imported, because this file must not change when the
 *   shared list grows — a later migration would widen the CHECK.
 *
 * SQLite's DDL is transactional but kysely's migrator does not wrap SQLite migrations in a transaction
 * (SqliteAdapter.supportsTransactionalDdl is false), so this one does it itself: all or nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const EVENT_TYPES_0002 = [
  'created',
  'viewed',
  'failed_key',
  'failed_passphrase',
  'locked',
  'expired_by_views',
  'expired_by_time',
  'deleted_by_creator',
  'deleted_by_viewer',
];

export const migration0002: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await sql`begin immediate`.execute(db);
    try {
      const add = (build: (table: ReturnType<typeof db.schema.alterTable>) => { execute(): Promise<void> }) =>
        build(db.schema.alterTable('secrets')).execute();
      await add((t) =>
        t.addColumn('retrieval_step', 'integer', (col) =>
          col
            .notNull()
            .defaultTo(1)
            .check(sql`retrieval_step in (0, 1)`),
        ),
      );
      await add((t) =>
        t.addColumn('deletable_by_viewer', 'integer', (col) =>
          col
            .notNull()
            .defaultTo(0)
            .check(sql`deletable_by_viewer in (0, 1)`),
        ),
      );
      await add((t) =>
        t.addColumn('pass_kdf', 'text', (col) => col.check(sql`pass_kdf is null or json_valid(pass_kdf)`)),
      );
      await add((t) =>
        t.addColumn('pass_proof_hash', 'blob', (col) =>
          col.check(sql`pass_proof_hash is null or (length(pass_proof_hash) = 32 and state = 'active')`),
        ),
      );
      await add((t) =>
        t.addColumn('pass_attempts_left', 'integer', (col) =>
          col.check(sql`(pass_kdf is null and pass_proof_hash is null and pass_attempts_left is null)
            or (pass_kdf is not null and pass_proof_hash is not null
                and pass_attempts_left is not null and pass_attempts_left >= 1)`),
        ),
      );
      await add((t) =>
        t.addColumn('event_count', 'integer', (col) =>
          col
            .notNull()
            .defaultTo(0)
            .check(sql`event_count >= 0`),
        ),
      );

      await db.schema
        .createTable('secret_events')
        .addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement())
        .addColumn('secret_id', 'text', (col) => col.notNull())
        .addColumn('type', 'text', (col) => col.notNull())
        .addColumn('at', 'integer', (col) => col.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('referrer', 'text')
        .addCheckConstraint('secret_events_type', sql`type in (${sql.join(EVENT_TYPES_0002.map((t) => sql.lit(t)))})`)
        .addCheckConstraint(
          'secret_events_lengths',
          sql`coalesce(length(ip), 0) <= 64 and coalesce(length(user_agent), 0) <= 512
            and coalesce(length(referrer), 0) <= 512`,
        )
        .modifyEnd(sql`strict`)
        .execute();
      // Pages of one push's trail, oldest first; and the sweeper's "events of this tombstone".
      await db.schema
        .createIndex('secret_events_by_secret')
        .on('secret_events')
        .columns(['secret_id', 'seq'])
        .execute();
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('secret_events').execute();
    for (const column of [
      'event_count',
      'pass_attempts_left',
      'pass_proof_hash',
      'pass_kdf',
      'deletable_by_viewer',
      'retrieval_step',
    ]) {
      await db.schema.alterTable('secrets').dropColumn(column).execute();
    }
  },
});
