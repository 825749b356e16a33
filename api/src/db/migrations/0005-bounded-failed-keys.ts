/**
 * 0005: wrong keys are counted, not piled up (issue 10 §1, docs/api.md "Audit trail"). FROZEN — once
 * released, never edit a migration; add a new one.
 *
 * Anyone who has a push's id can send wrong key proofs. Until now each one was a `failed_key` row
 * counted in `event_count`, so a flood from many addresses reached the per-push cap and destroyed the
 * push. From here on:
 *
 * - `secrets.failed_key_count` counts every wrong key the push was sent (never decreases);
 * - only the first 5 and the latest 5 `failed_key` rows of a push are kept (the domain trims the
 *   rows in between as new ones arrive), and they are not part of `event_count`, which now counts the
 *   events that the cap limits — everything else.
 *
 * Existing rows are brought to the same shape: the counter gets the number of `failed_key` rows,
 * `event_count` loses them, and the rows between the first 5 and the latest 5 are deleted. A push
 * locked by such a flood before this migration stays locked (its ciphertext is gone).
 * A partial index finds a push's `failed_key` rows without walking its whole trail; queries must spell
 * the type as a literal (`type = 'failed_key'`) for SQLite to use it.
 * Like 0002–0004, this runs in its own transaction (kysely does not wrap SQLite DDL).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** The rows kept at each end; spelled out here (not imported) so this file never changes. */
const KEEP_FIRST_0005 = 5;
const KEEP_LATEST_0005 = 5;

export const migration0005: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await sql`begin immediate`.execute(db);
    try {
      await db.schema
        .alterTable('secrets')
        .addColumn('failed_key_count', 'integer', (col) =>
          col
            .notNull()
            .defaultTo(0)
            .check(sql`failed_key_count >= 0`),
        )
        .execute();
      await sql`update secrets set failed_key_count =
          (select count(*) from secret_events e where e.secret_id = secrets.id and e.type = 'failed_key')`.execute(db);
      await sql`update secrets set event_count = max(0, event_count - failed_key_count)`.execute(db);
      await sql`delete from secret_events where seq in (
          select seq from (
            select seq,
              row_number() over (partition by secret_id order by seq) as from_first,
              row_number() over (partition by secret_id order by seq desc) as from_latest
            from secret_events where type = 'failed_key')
          where from_first > ${sql.lit(KEEP_FIRST_0005)} and from_latest > ${sql.lit(KEEP_LATEST_0005)})`.execute(db);
      await db.schema
        .createIndex('secret_events_failed_key')
        .on('secret_events')
        .columns(['secret_id', 'seq'])
        .where(sql.ref('type'), '=', sql.lit('failed_key'))
        .execute();
      await sql`commit`.execute(db);
    } catch (err) {
      await sql`rollback`.execute(db);
      throw err;
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropIndex('secret_events_failed_key').execute();
    // The kept rows count again; the trimmed ones are gone for good.
    await sql`update secrets set event_count = event_count +
        (select count(*) from secret_events e where e.secret_id = secrets.id and e.type = 'failed_key')`.execute(db);
    await db.schema.alterTable('secrets').dropColumn('failed_key_count').execute();
  },
});
