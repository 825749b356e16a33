/**
 * Server configuration from `ZKPUSH_*` environment variables (documented in docs/configuration.md).
 * `parseConfig` never throws: it returns every problem at once, each message naming its variable, and
 * a deeply frozen Config on success so no module can change limits at run time.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DAY, HOUR } from '@zkpush/shared/expiry';
import { createEnvReader, type Env } from './env-reader.ts';
import { LOG_LEVELS, type LogLevel } from '../logger.ts';
import { parseTrustedProxy, type TrustedProxy } from '../net/client-ip.ts';
import type { Rate } from '../rate-limit/token-bucket.ts';

export type Range = Readonly<{ min: number; max: number; default: number }>;
/** A per-push option: its value when the creator says nothing, and whether the creator may change it. */
export type FlagPolicy = Readonly<{ default: boolean; changeable: boolean }>;
export const IP_LOGGING = ['truncated', 'full', 'none'] as const;
export type IpLogging = (typeof IP_LOGGING)[number];
/** File pushes (docs/configuration.md "Files"); sizes in bytes, times in seconds. */
export type FileLimits = Readonly<{
  allowed: boolean;
  maxFiles: number;
  /** Largest exact file size; the server checks padded sizes against paddedFileSize(maxFileBytes). */
  maxFileBytes: number;
  /** Largest sum of padded sizes in one push. */
  maxPushBytes: number;
  /** Largest sum of padded sizes of all file pushes holding blobs (uploading, active or downloading). */
  storageQuotaBytes: number;
  /** Free space the data directory's file system must keep after a push's blobs are reserved. */
  diskReserveBytes: number;
  downloadWindowSeconds: number;
  /** An upload that has stored no chunk this long after create is abandoned (the reservation DoS bound). */
  uploadStartSeconds: number;
  /** After its first chunk, an upload that stores no chunk this long is abandoned. */
  uploadIdleSeconds: number;
  /**
   * Padded bytes one client (its address as the rate limiter keys it) may have declared in open uploads
   * and not yet sent; a create beyond it is 429 (domain/files/client-reservations.ts).
   */
  maxPendingBytesPerClient: number;
}>;
export type RateLimits = Readonly<{ enabled: boolean; create: Rate; meta: Rate; reveal: Rate; failures: Rate }>;

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
  /**
   * How long an ended push's tombstone — its `gone` answer, its owner-token hash and its audit events —
   * is kept after it ended; then the row and its events are purged and the id becomes `not_found`.
   */
  retentionMs: number;
  flags: Readonly<{ retrievalStep: FlagPolicy; deletableByViewer: FlagPolicy }>;
  passphrase: Readonly<{ allowed: boolean; maxAttempts: number }>;
  audit: Readonly<{ ipLogging: IpLogging; maxEventsPerPush: number }>;
  files: FileLimits;
  /** Peers whose X-Forwarded-For is believed (net/client-ip.ts). Empty: the TCP peer is the client. */
  trustedProxies: readonly TrustedProxy[];
  rateLimit: RateLimits;
  logLevel: LogLevel;
}>;

export type ConfigResult = { kind: 'ok'; config: Config; warnings: string[] } | { kind: 'invalid'; errors: string[] };

/** Hard ceilings: beyond these a value is a typo, not a policy. */
export const LIMITS = Object.freeze({
  viewsMax: 10_000,
  expirySeconds: 365 * DAY,
  envelopeBytes: { min: 1024, max: 64 * 1024 * 1024 },
  sweepSeconds: { min: 1, max: HOUR },
  passphraseAttempts: { min: 1, max: 100 },
  /** At least created + viewed + expired_by_views and room to spare; at most what a page walk handles. */
  auditEvents: { min: 10, max: 100_000 },
  rateLimit: 1_000_000,
  maxFiles: 1000,
  /** 1 TiB per file, 16 TiB per push or in all: beyond these a size is a typo. */
  fileBytes: { min: 1, max: 2 ** 40 },
  storageBytes: { min: 1, max: 2 ** 44 },
  transferSeconds: { min: 60, max: 7 * DAY },
});

/** web/build next to this package, wherever the repository is checked out. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/build', import.meta.url));

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
  const warnings: string[] = [];
  const retentionSeconds = readRetention(read, warnings);
  const logLevel = read.oneOf('ZKPUSH_LOG_LEVEL', 'info', LOG_LEVELS);

  const flag = (name: string): FlagPolicy =>
    Object.freeze({
      default: read.boolean(`ZKPUSH_${name}_DEFAULT`, true),
      changeable: read.boolean(`ZKPUSH_${name}_CHANGEABLE`, true),
    });
  const flags = Object.freeze({
    retrievalStep: flag('RETRIEVAL_STEP'),
    deletableByViewer: flag('DELETABLE_BY_VIEWER'),
  });
  const passphrase = Object.freeze({
    allowed: read.boolean('ZKPUSH_PASSPHRASE_ALLOWED', true),
    maxAttempts: read.integer('ZKPUSH_PASSPHRASE_ATTEMPTS', 5, LIMITS.passphraseAttempts),
  });
  const audit = Object.freeze({
    ipLogging: read.oneOf('ZKPUSH_IP_LOGGING', 'truncated', IP_LOGGING),
    maxEventsPerPush: read.integer('ZKPUSH_AUDIT_MAX_EVENTS', 1000, LIMITS.auditEvents),
  });
  const files = readFileLimits(read);
  const trustedProxies = Object.freeze(
    read.list('ZKPUSH_TRUSTED_PROXIES', parseTrustedProxy, 'IP addresses or CIDR networks (10.0.0.0/8, ::1)'),
  );
  const rateLimit: RateLimits = Object.freeze({
    enabled: read.oneOf('ZKPUSH_RATE_LIMIT', 'on', ['on', 'off']) === 'on',
    create: Object.freeze(read.rate('ZKPUSH_RATE_CREATE', '30/min', LIMITS.rateLimit)),
    meta: Object.freeze(read.rate('ZKPUSH_RATE_META', '120/min', LIMITS.rateLimit)),
    reveal: Object.freeze(read.rate('ZKPUSH_RATE_REVEAL', '60/min', LIMITS.rateLimit)),
    failures: Object.freeze(read.rate('ZKPUSH_RATE_FAILURES', '10/min', LIMITS.rateLimit)),
  });

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
    retentionMs: retentionSeconds * 1000,
    flags,
    passphrase,
    audit,
    files,
    trustedProxies,
    rateLimit,
    logLevel,
  });
  return { kind: 'ok', config, warnings };
}

function readFileLimits(read: ReturnType<typeof createEnvReader>): FileLimits {
  const maxFileBytes = read.bytes('ZKPUSH_MAX_FILE_BYTES', '4GiB', LIMITS.fileBytes);
  const maxPushBytes = read.bytes('ZKPUSH_MAX_PUSH_BYTES', '16GiB', LIMITS.storageBytes);
  const storageQuotaBytes = read.bytes('ZKPUSH_STORAGE_QUOTA', '100GiB', LIMITS.storageBytes);
  if (maxPushBytes > storageQuotaBytes) {
    read.fail(`ZKPUSH_MAX_PUSH_BYTES (${maxPushBytes}) must not exceed ZKPUSH_STORAGE_QUOTA (${storageQuotaBytes})`);
  }
  // Default: one push of the largest size in flight per client. Below the largest push, such a push
  // could never be created and its 429 would promise a retry that never succeeds.
  const pendingName = 'ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT';
  const maxPendingBytesPerClient =
    read.raw(pendingName) === undefined
      ? maxPushBytes
      : read.bytes(pendingName, String(maxPushBytes), LIMITS.storageBytes);
  if (maxPendingBytesPerClient < maxPushBytes) {
    read.fail(`${pendingName} (${maxPendingBytesPerClient}) must be at least ZKPUSH_MAX_PUSH_BYTES (${maxPushBytes})`);
  }
  return Object.freeze({
    allowed: read.boolean('ZKPUSH_FILES_ALLOWED', true),
    maxFiles: read.integer('ZKPUSH_MAX_FILES', 10, { min: 1, max: LIMITS.maxFiles }),
    maxFileBytes,
    maxPushBytes,
    storageQuotaBytes,
    diskReserveBytes: read.bytes('ZKPUSH_DISK_RESERVE', '1GiB', { min: 0, max: LIMITS.storageBytes.max }),
    downloadWindowSeconds: read.duration('ZKPUSH_DOWNLOAD_WINDOW', '1h', LIMITS.transferSeconds),
    uploadStartSeconds: read.duration('ZKPUSH_UPLOAD_START_TIMEOUT', '10m', LIMITS.transferSeconds),
    uploadIdleSeconds: read.duration('ZKPUSH_UPLOAD_IDLE_TIMEOUT', '1h', LIMITS.transferSeconds),
    maxPendingBytesPerClient,
  });
}

/**
 * ZKPUSH_AUDIT_RETENTION is the one retention setting: tombstones exist to answer `gone` and to keep
 * the owner-token hash that unlocks the audit trail, so they live exactly as long as the events. The
 * older ZKPUSH_TOMBSTONE_RETENTION is accepted as an alias (with a warning); both set to different
 * values is an error rather than a guess.
 */
function readRetention(read: ReturnType<typeof createEnvReader>, warnings: string[]): number {
  const bounds = { min: 0, max: LIMITS.expirySeconds };
  const audit = read.raw('ZKPUSH_AUDIT_RETENTION');
  const legacy = read.raw('ZKPUSH_TOMBSTONE_RETENTION');
  if (legacy === undefined) return read.duration('ZKPUSH_AUDIT_RETENTION', '90d', bounds);
  const legacySeconds = read.duration('ZKPUSH_TOMBSTONE_RETENTION', '90d', bounds);
  if (audit === undefined) {
    warnings.push('ZKPUSH_TOMBSTONE_RETENTION is deprecated; use ZKPUSH_AUDIT_RETENTION (same meaning)');
    return legacySeconds;
  }
  const auditSeconds = read.duration('ZKPUSH_AUDIT_RETENTION', '90d', bounds);
  if (auditSeconds !== legacySeconds) {
    read.fail(
      `ZKPUSH_AUDIT_RETENTION (${auditSeconds}s) and its deprecated alias ZKPUSH_TOMBSTONE_RETENTION (${legacySeconds}s) disagree; set only ZKPUSH_AUDIT_RETENTION`,
    );
  }
  return auditSeconds;
}

/** A valid default configuration with overrides, for tests and embedding. */
export function defaultConfig(overrides: Partial<Config> = {}): Config {
  const parsed = parseConfig({});
  if (parsed.kind !== 'ok') throw new Error(`built-in defaults are invalid: ${parsed.errors.join('; ')}`);
  return Object.freeze({ ...parsed.config, ...overrides });
}
