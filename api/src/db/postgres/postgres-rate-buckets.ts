/**
 * Rate-limit buckets in PostgreSQL (migration 0002), shared by every instance on the database: a
 * client's requests draw from one bucket per policy whichever instance they reach, so ZKPUSH_RATE_*
 * holds across instances. The arithmetic is token-bucket.ts's (bucketMath); each take is one
 * `INSERT … ON CONFLICT DO UPDATE`, atomic under concurrent takes for the same client.
 *
 * The client key (an address, or an IPv6 /64) is stored only as HMAC-SHA256 under a key derived from
 * the database's `rate_limit_key` (see the migration for what that protects). Full buckets carry no state; they are
 * deleted now and then (PRUNE_EVERY_MS), which bounds the table by the clients seen in one period.
 */
import { createHmac } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Policy, RateBuckets, RateBucketsFactory } from '../../rate-limit/rate-buckets.ts';
import { bucketMath, type Rate } from '../../rate-limit/token-bucket.ts';
import type { Database } from '../schema.ts';

/** The tables of migration 0002 (PostgreSQL only, so not in the engine-neutral db/schema.ts). */
type RateTables = {
  rate_buckets: { policy: string; client_tag: Uint8Array; level: number; at: number; took: boolean };
  rate_limit_key: { id: number; key: Uint8Array };
};

const PRUNE_EVERY_MS = 60_000;

/**
 * The keys every instance on the database shares, derived from migration 0002's `rate_limit_key`
 * (one HMAC per purpose, so a tag of one kind never equals one of the other): the rate buckets'
 * client tags, and the key of the upload reservations' client tags (domain/files/client-reservations.ts),
 * which must be the same on every instance for a client's cap to hold across them.
 */
export async function sharedClientKeys(
  root: Kysely<Database>,
): Promise<{ rateBuckets: Uint8Array; uploadClientTag: Uint8Array }> {
  const db = root.withTables<RateTables>();
  const row = await db.selectFrom('rate_limit_key').select('key').where('id', '=', 1).executeTakeFirstOrThrow();
  const derive = (purpose: string) => createHmac('sha256', row.key).update(`zkpush ${purpose}`).digest();
  return { rateBuckets: derive('rate buckets'), uploadClientTag: derive('upload client tag') };
}

/** The buckets of each policy in PostgreSQL, clients tagged under `key` (sharedClientKeys). */
export function postgresRateBuckets(root: Kysely<Database>, key: Uint8Array): RateBucketsFactory {
  const db = root.withTables<RateTables>();
  const tagOf = (client: string): Buffer => createHmac('sha256', key).update(client).digest();
  return (policy, rate, clock) => bucketsOf(db, tagOf, policy, rate, clock);
}

function bucketsOf(
  db: Kysely<Database & RateTables>,
  tagOf: (key: string) => Buffer,
  policy: Policy,
  rate: Rate,
  clock: Clock,
): RateBuckets {
  const { token, capacity, stateOf, takeFrom, refilled } = bucketMath(rate);
  /** The level after refilling up to `now`, as SQL on the row's columns (`b.level`, `b.at`). */
  const refill = (now: number) =>
    sql<number>`least(${capacity}::bigint, b.level + greatest(0, ${now}::bigint - b.at) * ${rate.limit}::bigint)`;
  let prunedAt = Number.NEGATIVE_INFINITY;

  async function prune(now: number): Promise<void> {
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    await db
      .deleteFrom('rate_buckets as b')
      .where('b.policy', '=', policy)
      .where(sql<boolean>`${refill(now)} >= ${capacity}::bigint`)
      .execute();
  }

  return {
    rate,
    async take(key) {
      const now = clock.now();
      const level = refill(now);
      const { rows } = await sql<{ level: number; took: boolean }>`
        insert into rate_buckets as b (policy, client_tag, level, at, took)
        values (${policy}, ${tagOf(key)}, ${capacity - token}::bigint, ${now}::bigint, true)
        on conflict (policy, client_tag) do update set
          level = case when ${level} >= ${token}::bigint then ${level} - ${token}::bigint else ${level} end,
          at = greatest(b.at, ${now}::bigint),
          took = ${level} >= ${token}::bigint
        returning level, took`.execute(db);
      await prune(now);
      const after = rows[0];
      if (after === undefined) throw new Error('rate bucket upsert returned no row');
      // Before the take the level was one token higher if it took one; else it is unchanged.
      return takeFrom(after.took ? after.level + token : after.level);
    },
    async refund(key) {
      const now = clock.now();
      await sql`update rate_buckets as b
        set level = least(${capacity}::bigint, ${refill(now)} + ${token}::bigint), at = greatest(b.at, ${now}::bigint)
        where b.policy = ${policy} and b.client_tag = ${tagOf(key)}`.execute(db);
    },
    async peek(key) {
      const now = clock.now();
      const row = await db
        .selectFrom('rate_buckets')
        .select(['level', 'at'])
        .where('policy', '=', policy)
        .where('client_tag', '=', tagOf(key))
        .executeTakeFirst();
      return stateOf(row === undefined ? capacity : refilled(row.level, now - row.at));
    },
  };
}
