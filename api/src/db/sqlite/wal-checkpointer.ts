/**
 * WAL checkpoints off the request thread. better-sqlite3 is synchronous, so a checkpoint run on the
 * server's connection — copying the WAL into the database file and fsyncing it — stalls every request
 * for as long as it takes: after 600 pushes of 1 MiB expired together that was seconds
 * (docs/performance.md "Sweeping large pushes"). Here a worker_thread opens its own connection to the
 * same file and runs `PRAGMA wal_checkpoint` there; in WAL mode a checkpoint from another connection is
 * safe, and a PASSIVE one never blocks the server's readers or writers. It is the same SQLite library
 * (Node loads the addon once per process), so the two connections lock each other correctly.
 *
 * While the worker runs, the server's own connection never checkpoints (`wal_autocheckpoint = 0`): an
 * automatic checkpoint runs inside the COMMIT of whichever request crosses the threshold, with the
 * event loop blocked. The worker runs a PASSIVE checkpoint every PASSIVE_INTERVAL_MS and whenever the
 * sweeper asks. The WAL stays bounded: once a PASSIVE checkpoint has copied every frame, the server's
 * next write starts the WAL over from its beginning (and `journal_size_limit`, open-database.ts, cuts
 * the file back); should the WAL still hold more than WAL_LIMIT_PAGES after a PASSIVE run — a reader
 * kept it from finishing, or writes outpaced it — the worker follows up with a RESTART checkpoint,
 * which waits for the readers and makes the next write start the WAL over. TRUNCATE — which the
 * sweeper asks for at the end of each pass, so that erased
 * ciphertext leaves the WAL file ("deleted means gone", docs/security.md) — briefly holds the write
 * lock; the PASSIVE one before it has already copied nearly everything.
 *
 * Where no worker can load better-sqlite3 (an in-memory database, or the single executable, whose
 * bundle has no file to load it from) checkpoints run on the server's connection, as before.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The `wal_checkpoint` modes zkpush uses, as SQL (a closed list: they are spliced into the pragma). */
export const CHECKPOINT_MODES = Object.freeze({ PASSIVE: 'PASSIVE', TRUNCATE: 'TRUNCATE' });
export type CheckpointMode = keyof typeof CHECKPOINT_MODES;
type CheckpointResult = { busy: boolean };

export interface WalCheckpointer {
  /** True when checkpoints run on the worker thread; false when they run on the server's connection. */
  readonly offThread: boolean;
  checkpoint(mode: CheckpointMode): Promise<CheckpointResult>;
  /** Stops the worker and closes its connection (before the server's, so that one removes the WAL). */
  close(): Promise<void>;
}

/** WAL frames past which a PASSIVE checkpoint is followed by a RESTART (64 MiB of 4 KiB pages). */
export const WAL_LIMIT_PAGES = 16_384;
const SQLITE_DEFAULT_AUTOCHECKPOINT = 1000;
const PASSIVE_INTERVAL_MS = 1000;
const BUSY_TIMEOUT_MS = 5000;

/**
 * The worker, as CommonJS source (eval: the bundled npm package and the single executable have no
 * separate worker file to point at). It loads better-sqlite3 from the path the server resolved.
 */
const WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const options = { fileMustExist: true };
if (workerData.nativeBinding) options.nativeBinding = workerData.nativeBinding;
const db = new Database(workerData.file, options);
db.pragma('busy_timeout = ' + Number(workerData.busyTimeoutMs));
db.pragma('synchronous = NORMAL');
const modes = { PASSIVE: 'PASSIVE', TRUNCATE: 'TRUNCATE' };
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
parentPort.on('message', (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const mode = modes[message.mode];
    if (mode === undefined) throw new Error('unknown checkpoint mode');
    let row = checkpoint(mode);
    // Bound the WAL: a PASSIVE run that left it long and not fully copied is followed by a RESTART.
    if (mode === 'PASSIVE' && row.log > workerData.walLimitPages && row.checkpointed < row.log) {
      row = checkpoint('RESTART');
    }
    parentPort.postMessage({ id: message.id, busy: row.busy !== 0 });
  } catch (err) {
    parentPort.postMessage({ id: message.id, error: String(err && err.message), code: err && err.code });
  }
});
parentPort.postMessage({ ready: true });
`;

type Reply = { id: number; busy: boolean } | { id: number; error: string; code?: string } | { ready: true };

function isReply(value: unknown): value is Reply {
  if (typeof value !== 'object' || value === null) return false;
  if ('ready' in value) return value.ready === true;
  if (!('id' in value) || typeof value.id !== 'number') return false;
  return ('busy' in value && typeof value.busy === 'boolean') || ('error' in value && typeof value.error === 'string');
}

/** Where better-sqlite3's JavaScript is, or undefined where it cannot be loaded from a file. */
function betterSqlite3Module(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return undefined;
  }
}

export async function startWalCheckpointer(options: {
  /** The database file; undefined for an in-memory database (nothing to checkpoint off-thread). */
  file: string | undefined;
  nativeBinding?: string;
  /** Checkpoints on the server's connection: the fallback, and what runs if the worker stops. */
  onServerConnection: (mode: CheckpointMode) => Promise<CheckpointResult>;
  /** Sets the server connection's `wal_autocheckpoint` (pages). */
  setAutoCheckpoint: (pages: number) => void;
  /** Told once if the worker fails and checkpoints move back to the server's connection. */
  onWorkerError?: (err: Error) => void;
  /** Overrides the module the worker loads (tests). */
  module?: string;
  /** Override WAL_LIMIT_PAGES and the worker's busy timeout (tests). */
  walLimitPages?: number;
  busyTimeoutMs?: number;
}): Promise<WalCheckpointer> {
  const fallback: WalCheckpointer = {
    offThread: false,
    checkpoint: options.onServerConnection,
    close: () => Promise.resolve(),
  };
  const module = options.module ?? betterSqlite3Module();
  if (options.file === undefined || module === undefined) return fallback;

  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      module,
      file: options.file,
      nativeBinding: options.nativeBinding,
      busyTimeoutMs: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS,
      walLimitPages: options.walLimitPages ?? WAL_LIMIT_PAGES,
    },
  });
  const pending = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  let failed: Error | undefined;
  let closing = false;

  const ready = new Promise<boolean>((resolve) => {
    worker.once('message', (message: unknown) => resolve(isReply(message) && 'ready' in message));
    worker.once('error', () => resolve(false));
    worker.once('exit', () => resolve(false));
  });
  if (!(await ready)) {
    await worker.terminate();
    return fallback;
  }

  const fail = (err: Error): void => {
    if (failed !== undefined || closing) return;
    failed = err;
    options.setAutoCheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT);
    for (const waiter of pending.values()) waiter.reject(err);
    pending.clear();
    options.onWorkerError?.(err);
  };
  worker.on('message', (message: unknown) => {
    if (!isReply(message) || 'ready' in message) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (pending.size === 0) worker.unref();
    if (waiter === undefined) return;
    if ('error' in message) waiter.reject(Object.assign(new Error(message.error), { code: message.code }));
    else waiter.resolve({ busy: message.busy });
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the checkpoint worker exited (${code})`)));

  // One checkpoint at a time: the worker is synchronous anyway, and a queue keeps replies in order.
  let queue: Promise<unknown> = Promise.resolve();
  const run = (mode: CheckpointMode): Promise<CheckpointResult> => {
    if (failed !== undefined) return options.onServerConnection(mode);
    const result = queue.then(
      () =>
        new Promise<CheckpointResult>((resolve, reject) => {
          if (failed !== undefined) {
            resolve(options.onServerConnection(mode));
            return;
          }
          const id = nextId++;
          pending.set(id, { resolve, reject });
          // An idle worker does not keep the process alive; one with an answer to give does.
          worker.ref();
          worker.postMessage({ id, mode });
        }),
    );
    queue = result.catch(() => undefined);
    return result;
  };

  // The worker checkpoints from here on; the server's connection never does (see the top).
  options.setAutoCheckpoint(0);
  let passiveRunning = false;
  const timer = setInterval(() => {
    if (passiveRunning || failed !== undefined) return;
    passiveRunning = true;
    // A failed periodic checkpoint is retried next time; the sweeper reports the ones it asks for.
    void run('PASSIVE')
      .catch(() => undefined)
      .finally(() => {
        passiveRunning = false;
      });
  }, PASSIVE_INTERVAL_MS);
  timer.unref();
  worker.unref();

  return {
    get offThread() {
      return failed === undefined;
    },
    checkpoint: run,
    async close() {
      if (closing) return;
      closing = true;
      clearInterval(timer);
      await queue;
      if (failed === undefined) {
        const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
        worker.postMessage({ close: true });
        const timeout = setTimeout(() => void worker.terminate(), BUSY_TIMEOUT_MS * 2);
        await exited;
        clearTimeout(timeout);
      }
      options.setAutoCheckpoint(SQLITE_DEFAULT_AUTOCHECKPOINT);
    },
  };
}
