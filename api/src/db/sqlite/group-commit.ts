/**
 * Group commit: the write transactions that are asked for while one is being written are applied
 * together in the next one, so that a burst of requests pays for one COMMIT — one WAL `fdatasync` with
 * `synchronous = FULL` — instead of one each (docs/performance.md, "Durability").
 *
 * Each job still runs alone, one after the other, inside its own `SAVEPOINT`: it sees every write of
 * the jobs before it in the batch, so what it checks (views left, attempts left, room left) is as exact
 * as in a transaction of its own. A job that throws is rolled back to its savepoint and gets its own
 * error; the others are not affected. Results are handed out only after the COMMIT succeeded; if the
 * COMMIT fails — or SQLite ends the whole transaction itself, as after SQLITE_FULL — every job that ran
 * in the batch gets that error, because none of its writes were kept, and the jobs that had not run
 * yet wait for the next batch.
 *
 * A batch starts on the next turn of the event loop (setImmediate), after the I/O that is ready has been
 * handled, so the requests that arrived while the previous COMMIT held the loop can join it. A batch
 * holds at most `maxJobs` jobs; a lone job runs without a savepoint, exactly as a plain transaction.
 */
import { setImmediate } from 'node:timers';
import { sql, type Kysely, type Transaction } from 'kysely';

/** Jobs in one transaction at most: bounds how long one batch holds the event loop. */
export const DEFAULT_MAX_JOBS = 64;

export interface GroupCommitOptions {
  /** Most jobs in one transaction (default 64). */
  maxJobs?: number;
  /** Called after each successful COMMIT with the number of jobs it committed (tests, metrics). */
  onCommit?: (jobs: number) => void;
}

interface Job<DB> {
  /** Runs the caller's function and keeps its value for `deliver`. */
  readonly run: (trx: Transaction<DB>) => Promise<void>;
  /** Resolves the caller's promise with the kept value (only after the COMMIT). */
  readonly deliver: () => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown };

export interface GroupCommit<DB> {
  /** Runs `fn` in the next batch's transaction; resolves once that transaction has committed. */
  run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
}

export function createGroupCommit<DB>(db: Kysely<DB>, options: GroupCommitOptions = {}): GroupCommit<DB> {
  const maxJobs = options.maxJobs ?? DEFAULT_MAX_JOBS;
  if (!Number.isSafeInteger(maxJobs) || maxJobs < 1) throw new RangeError('maxJobs must be a positive integer');
  const queue: Job<DB>[] = [];
  let busy = false;

  const schedule = () => {
    if (busy || queue.length === 0) return;
    busy = true;
    setImmediate(() => {
      void commitBatch(queue.splice(0, maxJobs)).finally(() => {
        busy = false;
        schedule();
      });
    });
  };

  /** One BEGIN IMMEDIATE … COMMIT for `batch`; settles every job in it (or puts unrun ones back). */
  const commitBatch = async (batch: Job<DB>[]): Promise<void> => {
    if (batch.length === 1) {
      const [job] = batch as [Job<DB>];
      try {
        await db.transaction().execute(job.run);
      } catch (error) {
        job.reject(error);
        return;
      }
      job.deliver();
      committed(1);
      return;
    }
    const outcomes: Outcome[] = [];
    try {
      await db.transaction().execute(async (trx) => {
        for (const job of batch) {
          await sql`savepoint group_job`.execute(trx);
          try {
            await job.run(trx);
            await sql`release group_job`.execute(trx);
            outcomes.push({ ok: true });
          } catch (error) {
            outcomes.push({ ok: false, error });
            await rollBackJob(trx, error);
          }
        }
      });
    } catch (error) {
      // Nothing of this batch was kept. When no job ran (BEGIN or the first savepoint failed: busy
      // timeout, read-only or closed database), the batch itself failed: every job learns why, as a
      // lone job would — putting them back would retry the same failure forever. Otherwise each job
      // that ran learns why and the rest go first next time (at least one job left the queue).
      const ran = outcomes.length === 0 ? batch.length : outcomes.length;
      batch.slice(0, ran).forEach((job) => job.reject(error));
      queue.unshift(...batch.slice(ran));
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok === true) job.deliver();
      else job.reject(outcome?.error);
    });
    committed(batch.length);
  };

  /** The observer hook runs after every job is settled, and its failure cannot touch them. */
  const committed = (jobs: number): void => {
    try {
      options.onCommit?.(jobs);
    } catch {
      // An observer (tests, metrics) must never change what a committed job's caller is told.
    }
  };

  return {
    run<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let result: { value: T } | undefined;
        queue.push({
          run: async (trx) => {
            result = { value: await fn(trx) };
          },
          deliver: () => {
            if (result === undefined) reject(new Error('group commit: a job was delivered before it ran'));
            else resolve(result.value);
          },
          reject,
        });
        schedule();
      });
    },
  };
}

/**
 * Undoes one failed job. If SQLite has already rolled the whole transaction back (SQLITE_FULL,
 * SQLITE_IOERR, … — immediate-dialect.ts), there is no savepoint left: the job's error then ends the
 * batch, and with it every job's writes.
 */
async function rollBackJob<DB>(trx: Transaction<DB>, error: unknown): Promise<void> {
  try {
    await sql`rollback to group_job`.execute(trx);
    await sql`release group_job`.execute(trx);
  } catch {
    throw error;
  }
}
