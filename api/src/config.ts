/**
 * Server configuration from `ZKPUSH_*` environment variables (documented in docs/configuration.md).
 * `parseConfig` never throws: it returns every problem at once, each message naming its variable, and
 * a deeply frozen Config on success so no module can change limits at run time.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAY, HOUR } from '@zkpush/shared/expiry';
import { createEnvReader, type Env } from './config-values.ts';
import { LOG_LEVELS, type LogLevel } from './logger.ts';

export type Range = Readonly<{ min: number; max: number; default: number }>;

export type Config = Readonly<{
  host: string;
  /** 0 asks the OS for any free port. */
  port: number;
  /** Absolute; holds zkpush.sqlite (+ -wal/-shm). */
  dataDir: string;
  /** Absolute; the SvelteKit adapter-static output. */
  webDir: string;
  /** Public origin (scheme://host[:port]) when behind a proxy; undefined when unset. */
  publicUrl: string | undefined;
  views: Range;
  /** Seconds. */
  expiresIn: Range;
  /** Largest accepted envelope, decoded bytes. */
  maxEnvelopeBytes: number;
  sweepIntervalMs: number;
  /** How long a consumed/expired/deleted id keeps answering `gone` before it becomes `not_found`. */
  tombstoneRetentionMs: number;
  logLevel: LogLevel;
}>;

export type ConfigResult = { kind: 'ok'; config: Config } | { kind: 'invalid'; errors: string[] };

/** Hard ceilings: beyond these a value is a typo, not a policy. */
export const LIMITS = Object.freeze({
  viewsMax: 10_000,
  expirySeconds: 365 * DAY,
  envelopeBytes: { min: 1024, max: 64 * 1024 * 1024 },
  sweepSeconds: { min: 1, max: HOUR },
});

/** web/build next to this package, wherever the repository is checked out. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../web/build', import.meta.url));

export function parseConfig(env: Env, options: { cwd?: string } = {}): ConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const read = createEnvReader(env);

  const host = read.host('ZKPUSH_HOST', '127.0.0.1');
  const port = read.integer('ZKPUSH_PORT', 8080, { min: 0, max: 65535 });
  const dataDir = resolve(cwd, read.raw('ZKPUSH_DATA_DIR') ?? './data');
  const webDirRaw = read.raw('ZKPUSH_WEB_DIR');
  const webDir = webDirRaw === undefined ? DEFAULT_WEB_DIR : resolve(cwd, webDirRaw);
  const publicUrl = read.origin('ZKPUSH_PUBLIC_URL');

  const viewsMax = read.integer('ZKPUSH_VIEWS_MAX', 100, { min: 1, max: LIMITS.viewsMax });
  const viewsDefault = read.integer('ZKPUSH_VIEWS_DEFAULT', 1, { min: 1, max: LIMITS.viewsMax });
  if (viewsDefault > viewsMax) {
    read.fail(`ZKPUSH_VIEWS_DEFAULT (${viewsDefault}) must not exceed ZKPUSH_VIEWS_MAX (${viewsMax})`);
  }

  const expiryBounds = { min: 1, max: LIMITS.expirySeconds };
  const expiryMin = read.duration('ZKPUSH_EXPIRY_MIN', '5m', expiryBounds);
  const expiryMax = read.duration('ZKPUSH_EXPIRY_MAX', '90d', expiryBounds);
  const expiryDefault = read.duration('ZKPUSH_EXPIRY_DEFAULT', '24h', expiryBounds);
  if (expiryMin > expiryMax) {
    read.fail(`ZKPUSH_EXPIRY_MIN (${expiryMin}s) must not exceed ZKPUSH_EXPIRY_MAX (${expiryMax}s)`);
  } else if (expiryDefault < expiryMin || expiryDefault > expiryMax) {
    read.fail(
      `ZKPUSH_EXPIRY_DEFAULT (${expiryDefault}s) must lie within ZKPUSH_EXPIRY_MIN..ZKPUSH_EXPIRY_MAX (${expiryMin}s..${expiryMax}s)`,
    );
  }

  const maxEnvelopeBytes = read.integer('ZKPUSH_MAX_TEXT_BYTES', 1024 * 1024, LIMITS.envelopeBytes);
  const sweepSeconds = read.duration('ZKPUSH_SWEEP_INTERVAL', '60s', LIMITS.sweepSeconds);
  const retentionSeconds = read.duration('ZKPUSH_TOMBSTONE_RETENTION', '90d', { min: 0, max: LIMITS.expirySeconds });
  const logLevel = read.oneOf('ZKPUSH_LOG_LEVEL', 'info', LOG_LEVELS);

  if (read.errors.length > 0) return { kind: 'invalid', errors: [...read.errors] };
  const config: Config = Object.freeze({
    host,
    port,
    dataDir,
    webDir,
    publicUrl,
    views: Object.freeze({ min: 1, max: viewsMax, default: viewsDefault }),
    expiresIn: Object.freeze({ min: expiryMin, max: expiryMax, default: expiryDefault }),
    maxEnvelopeBytes,
    sweepIntervalMs: sweepSeconds * 1000,
    tombstoneRetentionMs: retentionSeconds * 1000,
    logLevel,
  });
  return { kind: 'ok', config };
}

/** A valid default configuration with overrides, for tests and embedding. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  const parsed = parseConfig({});
  if (parsed.kind !== 'ok') throw new Error(`built-in defaults are invalid: ${parsed.errors.join('; ')}`);
  return Object.freeze({ ...parsed.config, ...overrides });
}
