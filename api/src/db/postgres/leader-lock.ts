/**
 * One sweeper at a time across instances (docs/self-hosting.md "PostgreSQL"): a pass runs only in the
 * instance that holds a session-level advisory lock, taken with `pg_try_advisory_lock` for the length
 * of the pass — the others skip that tick instead of waiting. The lock lives on one pooled connection
 * held for the pass (so PostgreSQL mode needs a pool of at least 2); if the instance dies, PostgreSQL
 * drops its session and the lock with it, and the next tick elsewhere takes over.
 *
 * Several sweepers at once would still be correct (every write is conditional and expiry uses SKIP
 * LOCKED); the lock keeps them from doing the same work N times and from queueing N VACUUMs.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** The advisory lock key of the sweeper ('zksw' in ASCII). */
export const SWEEPER_LOCK_KEY = 0x7a6b7377;

export type Exclusive = <T>(run: () => Promise<T>) => Promise<{ ran: true; value: T } | { ran: false }>;

export function advisoryLeadership(db: Kysely<Database>, key = SWEEPER_LOCK_KEY): Exclusive {
  return (run) =>
    db.connection().execute(async (conn) => {
      const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${sql.lit(key)}) as locked`.execute(
        conn,
      );
      if (rows[0]?.locked !== true) return { ran: false } as const;
      try {
        return { ran: true, value: await run() } as const;
      } finally {
        await sql`select pg_advisory_unlock(${sql.lit(key)})`.execute(conn);
      }
    });
}
