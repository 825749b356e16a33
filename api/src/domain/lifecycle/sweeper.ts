/**
 * Background reclamation. Every tick (ZKPUSH_SWEEP_INTERVAL):
 * 1. ends active secrets past expiry (envelope NULL, state 'expired'), each with its `expired_by_time`
 *    audit event in the same transaction,
 * 1a. file pushes (domain/files/file-janitor.ts): deletes abandoned uploads, unlinks the blobs of ended
 *    pushes whose download grants have all closed, and forgets closed grants,
 * 2. purges tombstones older than ZKPUSH_AUDIT_RETENTION: first their audit events (in batches, so a
 *    push at the event cap does not become one huge delete), then the rows (their ids become
 *    not_found),
 * 2a. with sign-in on, deletes ended sessions (past ZKPUSH_SESSION_MAX_AGE or idle longer than
 *    ZKPUSH_SESSION_IDLE_TIMEOUT) and abandoned sign-ins (issue 12 §1: an ended session is refused on
 *    every request anyway; this bounds how long its row — user id, ID token — stays in the database),
 * 3. runs `PRAGMA wal_checkpoint(TRUNCATE)` — on the checkpoint worker's own connection when the server
 *    has one (db/sqlite/wal-checkpointer.ts), so that copying and fsyncing the WAL never blocks requests.
 *
 * Why the checkpoint: with secure_delete the freed pages in the database file are zeroed, but in WAL
 * mode the old page images (ciphertext) remain in zkpush.sqlite-wal until a checkpoint copies the new
 * pages back and the WAL is truncated. Reveals and owner deletes do not checkpoint themselves (that
 * would serialize every request behind an fsync), so the bound is: ciphertext of a consumed, deleted
 * or expired secret leaves both files within one sweep interval (plus a tick's run time) after it
 * ends. Correctness never depends on the sweeper: expiry is enforced on every read.
 *
 * Work is done in small batches with a yield to the event loop between them, so a large backlog never
 * blocks request handling for long. Expiry batches are bounded by envelope bytes as well as rows
 * (SWEEP_BATCH_BYTES): ending a push zeroes its ciphertext pages (secure_delete) and writes them to the
 * WAL inside the transaction, so 100 pushes of 1 MiB were one 100 MiB write that stalled every request
 * for seconds (docs/performance.md "Sweeping large pushes"). With an off-thread checkpointer each batch
 * is followed by a PASSIVE checkpoint there, which keeps the WAL — and the final TRUNCATE — small.
 */
import type { Clock } from '../../clock.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import type { CheckpointMode, WalCheckpointer } from '../../db/sqlite/wal-checkpointer.ts';
import type { FileJanitor } from '../files/file-janitor.ts';
import { errorFields, type Logger } from '../../logger.ts';
import { isStorageFull } from '../storage-full.ts';

type SweepReport = {
  expired: number;
  /** File pushes deleted because their upload went idle. */
  abandoned: number;
  /** File pushes whose blobs were unlinked after their last download window. */
  drained: number;
  closedGrants: number;
  purged: number;
  purgedEvents: number;
  /** Ended sessions and abandoned sign-ins deleted (0 when sign-in is off). */
  sessions: number;
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
/** Most envelope bytes one expiry batch erases (always at least one push). */
export const SWEEP_BATCH_BYTES = 8 * 1024 * 1024;
/** The fewest: the byte budget shrinks to this on a disk too slow for even small batches. */
const SWEEP_BATCH_MIN_BYTES = 64 * 1024;
/**
 * How long one expiry batch may hold the request thread. The byte budget adapts to it: halved (or
 * more) after a slower batch, doubled after one in half the time — so a fast disk erases 8 MiB at a
 * time and a slow or busy one smaller pieces, with requests served in between.
 */
const SWEEP_BATCH_TARGET_MS = 20;
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
  batchBytes?: number;
  /** File-push cleanup; without it (text-only tests) those steps report 0. */
  janitor?: FileJanitor;
  /** Where checkpoints run; without it, on the repo's connection (`repo.checkpoint`). */
  checkpointer?: Pick<WalCheckpointer, 'offThread' | 'checkpoint'>;
  /** Told after each pass how it went and how long it took (metrics: observability/). */
  onPass?: (outcome: 'ok' | 'failed', seconds: number) => void;
  /**
   * Several instances on one database (PostgreSQL): a tick runs its pass only if `exclusive` lets it —
   * one sweeper at a time (db/postgres/leader-lock.ts); the others skip that tick.
   */
  exclusive?: <T>(run: () => Promise<T>) => Promise<{ ran: true; value: T } | { ran: false }>;
  /** Sign-in's sessions (auth/sessions.ts); without it (ZKPUSH_AUTH=none) that step reports 0. */
  sessions?: { purge(now: number): Promise<number> };
}): Sweeper {
  const { repo, clock, logger, intervalMs, retentionMs } = deps;
  const batch = deps.batchSize ?? SWEEP_BATCH;
  const batchBytes = deps.batchBytes ?? SWEEP_BATCH_BYTES;
  const checkpointer = deps.checkpointer ?? {
    offThread: false,
    checkpoint: (mode: CheckpointMode) => repo.checkpoint(mode),
  };
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

  /** Kept across passes: what the disk managed last time is the best guess for the next batch. */
  let budget = batchBytes;

  /** Expires due pushes batch by batch; between batches the WAL is checkpointed off-thread if it can be. */
  async function expireAll(now: number): Promise<number> {
    let total = 0;
    for (;;) {
      const started = performance.now();
      const { ended, more } = await repo.transaction((tx) => tx.expireDue(now, batch, budget));
      const took = performance.now() - started;
      if (took > SWEEP_BATCH_TARGET_MS) {
        budget = Math.max(SWEEP_BATCH_MIN_BYTES, Math.floor(budget * Math.min(0.5, SWEEP_BATCH_TARGET_MS / took)));
      } else if (took < SWEEP_BATCH_TARGET_MS / 2) {
        budget = Math.min(batchBytes, budget * 2);
      }
      total += ended;
      if (!more) return total;
      if (checkpointer.offThread) await checkpointer.checkpoint('PASSIVE');
      await yieldToEventLoop();
    }
  }

  async function sweepPass(now: number): Promise<SweepReport> {
    const cutoff = now - retentionMs;
    const expired = await expireAll(now);
    const { janitor } = deps;
    const abandoned = janitor ? await drain(batch, (n) => janitor.abandonUploads(now, n)) : 0;
    const drained = janitor ? await drain(batch, (n) => janitor.drainEnded(now, n)) : 0;
    const closedGrants = janitor ? await drain(batch, (n) => janitor.purgeClosedGrants(now, n)) : 0;
    const purgedEvents = await drain(batch * EVENT_BATCH_FACTOR, (n) => repo.purgeTombstoneEvents(cutoff, n));
    const purged = await drain(batch, (n) => repo.transaction((tx) => tx.purgeTombstones(cutoff, n)));
    const sessions = deps.sessions === undefined ? 0 : await deps.sessions.purge(now);
    const { busy } = await checkpointer.checkpoint('TRUNCATE');
    return { expired, abandoned, drained, closedGrants, purged, purgedEvents, sessions, checkpointBusy: busy };
  }

  /** A pass, told to `onPass` whether it succeeded and how long it took. */
  async function sweepOnce(now = clock.now()): Promise<SweepReport> {
    const started = performance.now();
    const passed = (outcome: 'ok' | 'failed') => deps.onPass?.(outcome, (performance.now() - started) / 1000);
    try {
      const report = await sweepPass(now);
      passed('ok');
      return report;
    } catch (err) {
      passed('failed');
      throw err;
    }
  }

  async function tick(): Promise<void> {
    try {
      const outcome = deps.exclusive
        ? await deps.exclusive(() => sweepOnce())
        : { ran: true, value: await sweepOnce() };
      if (!outcome.ran) {
        logger.debug('sweep skipped: another instance is sweeping');
        return;
      }
      const report = outcome.value;
      const { checkpointBusy, ...counts } = report;
      if (checkpointBusy || Object.values(counts).some((n) => n > 0)) logger.info('sweep', report);
    } catch (err) {
      // A full disk stops the sweeper's writes too; it tries again next tick and succeeds once there is room.
      if (isStorageFull(err)) logger.warn('sweep postponed: storage full', errorFields(err));
      else logger.error('sweep failed', errorFields(err));
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
