/**
 * PostgreSQL 0002: rate-limit buckets shared by every instance (postgres/postgres-rate-buckets.ts), so
 * ZKPUSH_RATE_* holds per client across instances. PostgreSQL only: one SQLite process keeps its
 * buckets in memory (rate-limit/token-bucket.ts). FROZEN — never edit; add a new migration.
 *
 * - `rate_buckets`: one row per (policy, client) with the bucket's level and when it was last filled,
 *   in the units of token-bucket.ts. The client is not stored as an address: `client_tag` is
 *   HMAC-SHA256 of the rate limiter's client key under `rate_limit_key`. That key is in the same
 *   database, so this keeps addresses out of casual view (a dump, a query), not from someone who reads
 *   both tables. Full buckets carry no state and are deleted as the limiter goes.
 * - `rate_limit_key`: one random 32-byte key, drawn at migration (gen_random_uuid is PostgreSQL's
 *   strong random source; two of them give 244 random bits).
 */
import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

export const pgMigration0002: Migration = Object.freeze({
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's migration guide types migrations as Kysely<any>: they must not depend on today's schema types.
  async up(db: Kysely<any>): Promise<void> {
    await sql`create table rate_buckets (
      policy text not null,
      client_tag bytea not null check (length(client_tag) = 32),
      level bigint not null check (level >= 0),
      at bigint not null,
      took boolean not null,
      constraint rate_buckets_pk primary key (policy, client_tag)
    )`.execute(db);
    await sql`create table rate_limit_key (
      id integer primary key check (id = 1),
      key bytea not null check (length(key) = 32)
    )`.execute(db);
    await sql`insert into rate_limit_key (id, key) values (1,
      decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'))`.execute(db);
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above (kysely migration guidance).
  async down(db: Kysely<any>): Promise<void> {
    await sql`drop table rate_buckets`.execute(db);
    await sql`drop table rate_limit_key`.execute(db);
  },
});
