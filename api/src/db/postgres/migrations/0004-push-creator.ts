/**
 * PostgreSQL 0004 = SQLite 0009 (a push's creator and recipient, the actor of an event, three event
 * types: issue 12 §4–§5). FROZEN. PostgreSQL can alter a CHECK in place, so unlike SQLite's rebuild of
 * `secret_events` this drops and re-adds the type constraint; `seq` is untouched.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

const EVENT_TYPES_PG_0004 = [
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
const types = (list: readonly string[]) => sql.join(list.map((t) => sql.lit(t)));

export const pgMigration0004: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await sql`alter table secrets add column creator_user_id text, add column recipient text`.execute(db);
    await sql`create index secrets_creator on secrets (creator_user_id, created_at)`.execute(db);
    await sql`alter table secret_events add column actor text
      constraint secret_events_actor_length check (coalesce(length(actor), 0) <= 320)`.execute(db);
    await sql`alter table secret_events drop constraint secret_events_type`.execute(db);
    await sql`alter table secret_events add constraint secret_events_type
      check (type in (${types(EVENT_TYPES_PG_0004)}))`.execute(db);
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    const old = EVENT_TYPES_PG_0004.slice(0, -3);
    await sql`delete from secret_events where type not in (${types(old)})`.execute(db);
    await sql`alter table secret_events drop constraint secret_events_type`.execute(db);
    await sql`alter table secret_events add constraint secret_events_type check (type in (${types(old)}))`.execute(db);
    await sql`alter table secret_events drop column actor`.execute(db);
    await sql`drop index secrets_creator`.execute(db);
    await sql`alter table secrets drop column recipient, drop column creator_user_id`.execute(db);
  },
});
