/**
 * Background reclamation. Every tick (ZKPUSH_SWEEP_INTERVAL):
 * 1. ends active secrets past expiry (envelope NULL, state 'expired'), each with its `expired_by_time`
 *    audit event in the same transaction,
 * 1a. file pushes (domain/files/file-janitor.ts): deletes abandoned uploads, unlinks the blobs of ended
 *    pushes whose download grants have all closed, and forgets closed grants,
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
import type { Clock } from '../../clock.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import type { FileJanitor } from '../files/file-janitor.ts';
import { errorFields, type Logger } from '../../logger.ts';

type SweepReport = {
  expired: number;
  /** File pushes deleted because their upload went idle. */
  abandoned: number;
  /** File pushes whose blobs were unlinked after their last download window. */
  drained: number;
  closedGrants: number;
  purged: number;
  purgedEvents: number;
  checkpointBusy: boolean;
};

export interface Sweeper {
  /** One full pass as of `now` (defaults to the clock). Tests call this with a fake clock. */
  sweepOnce(now?: number): Promise<SweepReport>;
  /** Starts periodic ticks (the timer does not keep the process alive). */
  start(): void;
  /** Stops ticking and waits for a running pass to finish. */
  stop(): Promise<void>;
}

const SWEEP_BATCH = 100;
/** Events are small rows; delete more of them per statement. */
const EVENT_BATCH_FACTOR = 10;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function createSweeper(deps: {
  repo: SecretsRepo;
  clock: Clock;
  logger: Logger;
  intervalMs: number;
  retentionMs: number;
  batchSize?: number;
  /** File-push cleanup; without it (text-only tests) those steps report 0. */
  janitor?: FileJanitor;
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
    const { janitor } = deps;
    const abandoned = janitor ? await drain(batch, (n) => janitor.abandonUploads(now, n)) : 0;
    const drained = janitor ? await drain(batch, (n) => janitor.drainEnded(now, n)) : 0;
    const closedGrants = janitor ? await drain(batch, (n) => janitor.purgeClosedGrants(now, n)) : 0;
    const purgedEvents = await drain(batch * EVENT_BATCH_FACTOR, (n) => repo.purgeTombstoneEvents(cutoff, n));
    const purged = await drain(batch, (n) => repo.transaction((tx) => tx.purgeTombstones(cutoff, n)));
    const { busy } = await repo.checkpoint();
    return { expired, abandoned, drained, closedGrants, purged, purgedEvents, checkpointBusy: busy };
  }

  async function tick(): Promise<void> {
    try {
      const report = await sweepOnce();
      const { checkpointBusy, ...counts } = report;
      if (checkpointBusy || Object.values(counts).some((n) => n > 0)) logger.info('sweep', report);
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
