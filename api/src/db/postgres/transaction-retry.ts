/**
 * PostgreSQL transactions that run again when PostgreSQL aborted them for a reason that is not theirs:
 * a deadlock between two transactions that lock the same rows in a different order (a reveal locks
 * its push, then the usage row; an expiry batch the usage row while holding other pushes), or a
 * serialization failure. The aborted attempt changed nothing, so running the whole function again is
 * safe; each attempt reads the database afresh.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.ts';

/** SQLSTATEs PostgreSQL documents as "retry the transaction". */
const RETRYABLE = new Set(['40001', '40P01']);
const ATTEMPTS = 8;

function sqlState(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  return typeof err.code === 'string' ? err.code : undefined;
}

export async function retryingTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      const state = sqlState(err);
      if (attempt >= ATTEMPTS || state === undefined || !RETRYABLE.has(state)) throw err;
      // A short random pause so the two colliding transactions do not collide again at once.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}
