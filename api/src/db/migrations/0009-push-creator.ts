/**
 * 0009: who created a push, who may open it, and who was behind an event (issue 12 §4–§5). FROZEN —
 * once released, never edit a migration; add a new one.
 *
 * - `secrets.creator_user_id`: the signed-in user (or API token's user) that created the push; NULL
 *   for an anonymous create and for every row from before 0009. Indexed with `created_at` for "my
 *   pushes" and the admin team view, newest first. No foreign key (SQLite cannot add one by ALTER
 *   TABLE): a deleted user's pushes simply list with no creator email.
 * - `secrets.recipient`: a recipient-bound link's constraint, `alice@example.com` or `@example.com`
 *   (lower-cased at create); NULL when anyone holding the link may open it.
 * - `secret_events` is rebuilt (SQLite cannot alter a CHECK; as in 0003, rows keep their `seq` and
 *   the AUTOINCREMENT high-water mark is carried over) with three new event types — `deleted_by_admin`,
 *   `recipient_mismatch`, `audit_read_by_admin` — and an `actor` column: the email (or `user:<id>`) of the signed-in person
 *   behind an event the owner token alone cannot explain. The type list is spelled out, not imported.
 * None of these is a key, a link or content. Runs in its own transaction, like 0003.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const EVENT_TYPES_0009 = [
  'created',
  'viewed',
  'failed_key',
  'failed_passphrase',
  'locked',
  'expired_by_views',
  'expired_by_time',
  'deleted_by_creator',
  'deleted_by_viewer',
  'upload_completed',
  'upload_abandoned',
  'download_started',
  'deleted_by_admin',
  'recipient_mismatch',
  'audit_read_by_admin',
];
const EVENT_TYPES_0003 = EVENT_TYPES_0009.slice(0, -3);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
async function rebuildEvents(db: Kysely<any>, types: readonly string[], withActor: boolean): Promise<void> {
  const { rows } = await sql<{ seq: number }>`select seq from sqlite_sequence where name = 'secret_events'`.execute(db);
  const highWater = rows[0]?.seq ?? 0;
  let table = db.schema
    .createTable('secret_events_0009')
    .addColumn('seq', 'integer', (col) => col.primaryKey().autoIncrement())
    .addColumn('secret_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('at', 'integer', (col) => col.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('referrer', 'text');
  if (withActor) table = table.addColumn('actor', 'text');
  await table
    .addCheckConstraint('secret_events_type', sql`type in (${sql.join(types.map((t) => sql.lit(t)))})`)
    .addCheckConstraint(
      'secret_events_lengths',
      withActor
        ? sql`coalesce(length(ip), 0) <= 64 and coalesce(length(user_agent), 0) <= 512
          and coalesce(length(referrer), 0) <= 512 and coalesce(length(actor), 0) <= 320`
        : sql`coalesce(length(ip), 0) <= 64 and coalesce(length(user_agent), 0) <= 512
          and coalesce(length(referrer), 0) <= 512`,
    )
    .modifyEnd(sql`strict`)
    .execute();
  await sql`insert into secret_events_0009 (seq, secret_id, type, at, ip, user_agent, referrer)
    select seq, secret_id, type, at, ip, user_agent, referrer from secret_events
    where type in (${sql.join(types.map((t) => sql.lit(t)))})`.execute(db);
  await db.schema.dropTable('secret_events').execute();
  await db.schema.alterTable('secret_events_0009').renameTo('secret_events').execute();
  await sql`update sqlite_sequence set seq = max(seq, ${highWater}) where name = 'secret_events'`.execute(db);
  await sql`insert into sqlite_sequence (name, seq) select 'secret_events', ${highWater}
    where ${highWater} > 0 and not exists (select 1 from sqlite_sequence where name = 'secret_events')`.execute(db);
  await db.schema.createIndex('secret_events_by_secret').on('secret_events').columns(['secret_id', 'seq']).execute();
  // 0005's partial index of the failed_key rows.
  await db.schema
    .createIndex('secret_events_failed_key')
    .on('secret_events')
    .columns(['secret_id', 'seq'])
    .where(sql.ref('type'), '=', sql.lit('failed_key'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
async function inTransaction(db: Kysely<any>, run: () => Promise<void>): Promise<void> {
  await sql`begin immediate`.execute(db);
  try {
    await run();
    await sql`commit`.execute(db);
  } catch (err) {
    await sql`rollback`.execute(db);
    throw err;
  }
}

export const migration0009: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async up(db: Kysely<any>): Promise<void> {
    await inTransaction(db, async () => {
      await db.schema.alterTable('secrets').addColumn('creator_user_id', 'text').execute();
      await db.schema.alterTable('secrets').addColumn('recipient', 'text').execute();
      await db.schema.createIndex('secrets_creator').on('secrets').columns(['creator_user_id', 'created_at']).execute();
      await rebuildEvents(db, EVENT_TYPES_0009, true);
    });
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await inTransaction(db, async () => {
      // Events of the three new types cannot be kept under 0003's CHECK; their pushes keep their state.
      await rebuildEvents(db, EVENT_TYPES_0003, false);
      await db.schema.dropIndex('secrets_creator').execute();
      await db.schema.alterTable('secrets').dropColumn('recipient').execute();
      await db.schema.alterTable('secrets').dropColumn('creator_user_id').execute();
    });
  },
});
