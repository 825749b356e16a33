/**
 * JSON-lines logger (one object per line on stdout) so logs stay machine-readable.
 * Callers pass only whitelisted fields: never request bodies, headers, query strings, keys or tokens.
 */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function createLogger(options: { level: LogLevel; write?: (line: string) => void; now?: () => number }): Logger {
  const write = options.write ?? stdoutLines();
  const now = options.now ?? Date.now;
  const threshold = RANK[options.level];
  const emit =
    (level: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: LogFields = {}): void => {
      if (RANK[level] < threshold) return;
      const time = new Date(now()).toISOString();
      // Fixed keys are written first (for people) and again last (so a field can never override them).
      write(JSON.stringify(Object.assign({ time, level, msg }, fields, { time, level, msg })) + '\n');
    };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Flush a batch early past this size, so one busy turn of the event loop cannot hold much. */
const BATCH_BYTES = 64 * 1024;

/**
 * Joins the lines written during one turn of the event loop into one `write` (flushed by setImmediate,
 * or at BATCH_BYTES): stdout to a file or pipe is a synchronous system call per write, and under load a
 * request line each was 4 % of the server's CPU (docs/performance.md). `flush` writes what is pending
 * now; stdoutLines calls it on process exit, so `logger.error(…); process.exit(1)` loses nothing.
 */
export function batchLines(write: (chunk: string) => void): { write: (line: string) => void; flush: () => void } {
  let pending = '';
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending === '') return;
    const chunk = pending;
    pending = '';
    write(chunk);
  };
  return {
    write(line) {
      pending += line;
      if (pending.length >= BATCH_BYTES) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}

let stdoutBatch: ReturnType<typeof batchLines> | undefined;

/** The process-wide stdout batch (one, however many loggers write to stdout). */
function stdoutLines(): (line: string) => void {
  if (stdoutBatch === undefined) {
    const batch = batchLines((chunk) => void process.stdout.write(chunk));
    process.on('exit', batch.flush);
    stdoutBatch = batch;
  }
  return stdoutBatch.write;
}

/** A logger that drops everything (default for tests). */
export const silentLogger: Logger = createLogger({ level: 'silent', write: () => {} });

/** Describes an unknown thrown value for a log line without dumping arbitrary objects. */
export function errorFields(err: unknown): LogFields {
  if (err instanceof Error) {
    // SQLite's and the OS's error codes (SQLITE_FULL, ENOSPC) say more than their messages.
    const code = 'code' in err && typeof err.code === 'string' ? { code: err.code } : {};
    return { error: err.name, detail: err.message, ...code, stack: err.stack };
  }
  return { error: typeof err };
}

/** A logger that records entries in memory; used by tests to assert what is (not) logged. */
export function createMemoryLogger(level: LogLevel = 'debug'): Logger & { lines: string[] } {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(line) });
  return Object.assign(logger, { lines });
}
