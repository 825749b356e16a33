/**
 * PostgreSQL 0001: the schema SQLite reaches with its migrations 0001–0006 (db/migrations/), in one
 * step — PostgreSQL mode starts at this version, so there are no older PostgreSQL databases to bring
 * along. FROZEN — once released, never edit a migration; add a new one (db/postgres/migrations/index.ts).
 *
 * Same tables, columns, CHECKs and indexes as SQLite, with PostgreSQL types: `bytea` for blobs, `bigint`
 * for epoch milliseconds and byte sums, `integer` elsewhere, and the 0/1 flags kept as integers so the
 * rows read the same on both engines (db/schema.ts). `secret_events.seq` is an identity column: its
 * sequence never hands out a value twice, like SQLite's AUTOINCREMENT. `storage_usage` is kept exact by
 * triggers, like SQLite's 0006 (one row, updated under its row lock, so the quota check of a create that
 * reads it `FOR UPDATE` is atomic across instances).
 *
 * kysely runs a PostgreSQL migration in a transaction (transactional DDL): all or nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Spelled out here, not imported, so this file never changes (SQLite's 0003 list). */
const EVENT_TYPES_PG_0001 = [
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
];

const STATEMENTS = [
  sql`create table secrets (
    id text primary key,
    envelope bytea,
    key_proof_hash bytea not null,
    owner_token_hash bytea not null,
    views integer not null,
    views_left integer not null,
    created_at bigint not null,
    expires_at bigint not null,
    state text not null,
    ended_at bigint,
    retrieval_step integer not null default 1 check (retrieval_step in (0, 1)),
    deletable_by_viewer integer not null default 0 check (deletable_by_viewer in (0, 1)),
    pass_kdf text check (pass_kdf is null or pass_kdf::jsonb is not null),
    pass_proof_hash bytea check (pass_proof_hash is null or (length(pass_proof_hash) = 32 and state = 'active')),
    pass_attempts_left integer check ((pass_kdf is null and pass_proof_hash is null and pass_attempts_left is null)
      or (pass_kdf is not null and pass_proof_hash is not null
          and pass_attempts_left is not null and pass_attempts_left >= 1)),
    event_count integer not null default 0 check (event_count >= 0),
    failed_key_count integer not null default 0 check (failed_key_count >= 0),
    constraint secrets_state check (state in ('active', 'viewed', 'expired', 'deleted', 'locked')),
    constraint secrets_views check (views >= 1 and views_left >= 0 and views_left <= views),
    constraint secrets_hashes check (length(key_proof_hash) = 32 and length(owner_token_hash) = 32),
    constraint secrets_lifecycle check (
      (state = 'active' and envelope is not null and views_left > 0 and ended_at is null)
      or (state <> 'active' and envelope is null and ended_at is not null))
  )`,
  sql`create index secrets_active_expiry on secrets (expires_at) where state = 'active'`,
  sql`create index secrets_tombstone_age on secrets (ended_at) where state <> 'active'`,
  sql`create table secret_events (
    seq bigint generated always as identity primary key,
    secret_id text not null,
    type text not null,
    at bigint not null,
    ip text,
    user_agent text,
    referrer text,
    constraint secret_events_type check (type in (${sql.join(EVENT_TYPES_PG_0001.map((t) => sql.lit(t)))})),
    constraint secret_events_lengths check (coalesce(length(ip), 0) <= 64
      and coalesce(length(user_agent), 0) <= 512 and coalesce(length(referrer), 0) <= 512)
  )`,
  sql`create index secret_events_by_secret on secret_events (secret_id, seq)`,
  sql`create index secret_events_failed_key on secret_events (secret_id, seq) where type = 'failed_key'`,
  sql`create table file_pushes (
    secret_id text primary key,
    file_count integer not null check (file_count >= 1),
    upload_token_hash bytea,
    upload_idle_at bigint,
    client_tag bytea check (client_tag is null or (length(client_tag) = 32 and upload_token_hash is not null)),
    constraint file_pushes_upload check ((upload_token_hash is null and upload_idle_at is null)
      or (upload_token_hash is not null and length(upload_token_hash) = 32 and upload_idle_at is not null))
  )`,
  sql`create index file_pushes_upload_idle on file_pushes (upload_idle_at) where upload_token_hash is not null`,
  sql`create index file_pushes_by_client on file_pushes (client_tag) where client_tag is not null`,
  sql`create table secret_files (
    secret_id text not null references file_pushes (secret_id) on delete cascade,
    idx integer not null,
    padded_size bigint not null,
    chunks integer not null,
    received bytea not null,
    received_count integer not null,
    constraint secret_files_pk primary key (secret_id, idx),
    constraint secret_files_layout check (idx >= 0 and padded_size >= 512
      and chunks = (padded_size + 1048575) / 1048576
      and length(received) = (chunks + 7) / 8 and received_count >= 0 and received_count <= chunks)
  )`,
  sql`create table download_grants (
    token_hash bytea primary key check (length(token_hash) = 32),
    secret_id text not null references file_pushes (secret_id) on delete cascade,
    expires_at bigint not null,
    started bytea not null
  )`,
  sql`create index download_grants_by_secret on download_grants (secret_id, expires_at)`,
  sql`create index download_grants_expiry on download_grants (expires_at)`,
  sql`create table storage_usage (
    id integer primary key check (id = 1),
    envelope_bytes bigint not null check (envelope_bytes >= 0),
    file_bytes bigint not null check (file_bytes >= 0)
  )`,
  sql`insert into storage_usage (id, envelope_bytes, file_bytes) values (1, 0, 0)`,
  // One function per table; TG_OP says which change it is. coalesce(length(NULL), 0) = 0 covers the
  // rows without an envelope (ended pushes) on every path.
  sql`create function storage_usage_secrets() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update storage_usage set envelope_bytes = envelope_bytes + coalesce(length(new.envelope), 0) where id = 1;
      elsif tg_op = 'UPDATE' then
        update storage_usage set envelope_bytes = envelope_bytes
          - coalesce(length(old.envelope), 0) + coalesce(length(new.envelope), 0) where id = 1;
      else
        update storage_usage set envelope_bytes = envelope_bytes - coalesce(length(old.envelope), 0) where id = 1;
      end if;
      return null;
    end $$`,
  sql`create trigger storage_usage_secret_insert after insert on secrets
    for each row when (new.envelope is not null) execute function storage_usage_secrets()`,
  sql`create trigger storage_usage_secret_envelope after update of envelope on secrets
    for each row when (old.envelope is distinct from new.envelope) execute function storage_usage_secrets()`,
  sql`create trigger storage_usage_secret_delete after delete on secrets
    for each row when (old.envelope is not null) execute function storage_usage_secrets()`,
  sql`create function storage_usage_files() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update storage_usage set file_bytes = file_bytes + new.padded_size where id = 1;
      else
        update storage_usage set file_bytes = file_bytes - old.padded_size where id = 1;
      end if;
      return null;
    end $$`,
  sql`create trigger storage_usage_file_insert after insert on secret_files
    for each row execute function storage_usage_files()`,
  sql`create trigger storage_usage_file_delete after delete on secret_files
    for each row execute function storage_usage_files()`,
];

export const pgMigration0001: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    for (const statement of STATEMENTS) await statement.execute(db);
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    for (const table of [
      'download_grants',
      'secret_files',
      'file_pushes',
      'secret_events',
      'secrets',
      'storage_usage',
    ]) {
      await sql`drop table ${sql.id(table)}`.execute(db);
    }
    await sql`drop function storage_usage_secrets`.execute(db);
    await sql`drop function storage_usage_files`.execute(db);
  },
});
