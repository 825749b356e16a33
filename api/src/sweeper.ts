/**
 * Background reclamation. Every tick (ZKPUSH_SWEEP_INTERVAL):
 * 1. ends active secrets past expiry (envelope NULL, state 'expired'), each with its `expired_by_time`
 *    audit event in the same transaction,
 * 2. purges tombstones older than ZKPUSH_AUDIT_RETENTION: first their audit events (in batches, so a
 *    push at the event cap does not become one huge delete), then the rows (their ids become
 *    not_found),
 * 3. runs `PRAGMA wal_checkpoint(TRUNCATE)`.
 *
 * Why the checkpoint: with secure_delete the freed pages in the database file are zeroed, but in WAL
 * mode the old page images (ciphertext) remain in zkpush.sqlite-wal until a checkpoint copies the new
 * pages back and the WAL is truncated. Reveals and owner deletes do not checkpoint themselves (that
 * would serialize every request behind an fsync), so the bound is: ciphertext of a consumed, deleted
 * or expired secret leaves both files within one sweep interval (plus a tick's run time) after it
 * ends. Correctness never depends on the sweeper: expiry is enforced on every read.
 *
 * Work is done in small batches with a yield to the event loop between statements, so a large backlog
 * never blocks request handling for long.
 */
import type { Clock } from './clock.ts';
import type { SecretsRepo } from './db/secrets-repo.ts';
import { errorFields, type Logger } from './logger.ts';

export type SweepReport = { expired: number; purged: number; purgedEvents: number; checkpointBusy: boolean };

export interface Sweeper {
  /** One full pass as of `now` (defaults to the clock). Tests call this with a fake clock. */
  sweepOnce(now?: number): Promise<SweepReport>;
  /** Starts periodic ticks (the timer does not keep the process alive). */
  start(): void;
  /** Stops ticking and waits for a running pass to finish. */
  stop(): Promise<void>;
}

export const SWEEP_BATCH = 100;
/** Events are small rows; delete more of them per statement. */
export const EVENT_BATCH_FACTOR = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createSweeper(deps: {
  repo: SecretsRepo;
  clock: Clock;
  logger: Logger;
  intervalMs: number;
  retentionMs: number;
  batchSize?: number;
}): Sweeper {
  const { repo, clock, logger, intervalMs, retentionMs } = deps;
  const batch = deps.batchSize ?? SWEEP_BATCH;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;

  async function drain(size: number, step: (size: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await step(size);
      total += n;
      if (n < size) return total;
      await yieldToEventLoop();
    }
  }

  async function sweepOnce(now = clock.now()): Promise<SweepReport> {
    const cutoff = now - retentionMs;
    const expired = await drain(batch, (n) => repo.transaction((tx) => tx.expireDue(now, n)));
    const purgedEvents = await drain(batch * EVENT_BATCH_FACTOR, (n) => repo.purgeTombstoneEvents(cutoff, n));
    const purged = await drain(batch, (n) => repo.transaction((tx) => tx.purgeTombstones(cutoff, n)));
    const { busy } = await repo.checkpoint();
    return { expired, purged, purgedEvents, checkpointBusy: busy };
  }

  async function tick(): Promise<void> {
    try {
      const report = await sweepOnce();
      if (report.expired > 0 || report.purged > 0 || report.purgedEvents > 0 || report.checkpointBusy)
        logger.info('sweep', report);
    } catch (err) {
      logger.error('sweep failed', errorFields(err));
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  }

  return {
    sweepOnce,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
  };
}
