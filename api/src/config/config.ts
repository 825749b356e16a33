/**
 * Server configuration from `ZKPUSH_*` environment variables, each read by its entry in the settings
 * table (settings.ts: type, default, bounds; docs/configuration.md is generated from it).
 * `parseConfig` never throws: it returns every problem at once, each message naming its variable, and
 * a deeply frozen Config on success so no module can change limits at run time.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readAuthConfig, type AuthConfig } from './auth-config.ts';
import { createEnvReader, type Env, type EnvReader } from './env-reader.ts';
import type { LogLevel } from '../logger.ts';
import { allowedHosts, defaultAllowedHosts, parseAllowedHost, type AllowedHosts } from '../net/allowed-hosts.ts';
import { parseTrustedProxy, type TrustedProxy } from '../net/client-ip.ts';
import type { Rate } from '../rate-limit/token-bucket.ts';
import { readMetricsConfig, type MetricsConfig } from '../observability/metrics-config.ts';
import { readBrand, readInstanceSwitches, type BrandConfig, type InstanceSwitches } from '../branding/brand-config.ts';
import {
  settingOf,
  type DATABASE_SSL_MODES,
  type IP_LOGGING,
  type SettingNameOfType,
  type SQLITE_SYNCHRONOUS,
} from './settings.ts';

export type Range = Readonly<{ min: number; max: number; default: number }>;
/** A per-push option: its value when the creator says nothing, and whether the creator may change it. */
export type FlagPolicy = Readonly<{ default: boolean; changeable: boolean }>;
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
/** PostgreSQL mode (db/postgres/open-postgres.ts); docs/self-hosting.md "PostgreSQL". */
export type DatabaseConfig = Readonly<{
  /** `postgres://…`; may carry a password, so it is never logged. */
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
  sslMode: (typeof DATABASE_SSL_MODES)[number];
  /** Absolute path of a PEM file, with sslMode `verify-full`. */
  sslCaFile: string | undefined;
}>;
export type RateLimits = Readonly<{ enabled: boolean; create: Rate; meta: Rate; reveal: Rate; failures: Rate }>;

export type Config = Readonly<{
  host: string;
  /** 0 asks the OS for any free port. */
  port: number;
  /** Absolute; holds zkpush.sqlite (+ -wal/-shm). */
  dataDir: string;
  /**
   * SQLite's `synchronous` pragma: `full` syncs the WAL at every commit, so an answered reveal is never
   * undone by an OS crash or power loss; `normal` syncs only at checkpoints (db/sqlite/open-database.ts).
   */
  sqliteSynchronous: (typeof SQLITE_SYNCHRONOUS)[number];
  /** Set: the store is this PostgreSQL database instead of SQLite in `dataDir` (blobs stay in `dataDir`). */
  database: DatabaseConfig | undefined;
  /** Absolute; the SvelteKit adapter-static output. */
  webDir: string;
  /** Public origin (scheme://host[:port]) when behind a proxy; undefined when unset. */
  publicUrl: string | undefined;
  /** Host names answered besides IP addresses and localhost (net/allowed-hosts.ts); others get 421. */
  allowedHosts: AllowedHosts;
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
  /** Sign-in, the create policy and its role limits (auth-config.ts); mode `none` is zkpush as before. */
  auth: AuthConfig;
  logLevel: LogLevel;
  /** GET /metrics: on or off, its token, its own listener (observability/metrics-config.ts). */
  metrics: MetricsConfig;
  /** Name, logo, colours, notices and footer links (branding/brand-config.ts). */
  brand: BrandConfig;
  instance: InstanceSwitches;
}>;

type ConfigResult = { kind: 'ok'; config: Config; warnings: string[] } | { kind: 'invalid'; errors: string[] };

/** web/build next to this package, wherever the repository is checked out. */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../../web/build', import.meta.url));

export function parseConfig(env: Env, options: { cwd?: string } = {}): ConfigResult {
  const cwd = options.cwd ?? process.cwd();
  const read = createEnvReader(env);
  const setting = settingsReader(read);

  const host = read.host('ZKPUSH_HOST', settingOf('ZKPUSH_HOST').default);
  const port = setting.integer('ZKPUSH_PORT');
  const dataDir = resolve(cwd, read.raw('ZKPUSH_DATA_DIR') ?? settingOf('ZKPUSH_DATA_DIR').default);
  const sqliteSynchronous = setting.choice(settingOf('ZKPUSH_SQLITE_SYNCHRONOUS'));
  const database = readDatabase(read, cwd);
  const webDirRaw = read.raw('ZKPUSH_WEB_DIR');
  const webDir = webDirRaw === undefined ? DEFAULT_WEB_DIR : resolve(cwd, webDirRaw);
  const publicUrl = read.origin('ZKPUSH_PUBLIC_URL');
  const allowedHostsRaw = read.raw('ZKPUSH_ALLOWED_HOSTS');
  const hosts =
    allowedHostsRaw === undefined
      ? defaultAllowedHosts(publicUrl, host)
      : allowedHosts(read.list('ZKPUSH_ALLOWED_HOSTS', parseAllowedHost, 'host names, optionally with :port, or *'));

  const viewsMax = setting.integer('ZKPUSH_VIEWS_MAX');
  const viewsDefault = setting.integer('ZKPUSH_VIEWS_DEFAULT');
  if (viewsDefault > viewsMax) {
    read.fail(`ZKPUSH_VIEWS_DEFAULT (${viewsDefault}) must not exceed ZKPUSH_VIEWS_MAX (${viewsMax})`);
  }

  const expiryMin = setting.duration('ZKPUSH_EXPIRY_MIN');
  const expiryMax = setting.duration('ZKPUSH_EXPIRY_MAX');
  const expiryDefault = setting.duration('ZKPUSH_EXPIRY_DEFAULT');
  if (expiryMin > expiryMax) {
    read.fail(`ZKPUSH_EXPIRY_MIN (${expiryMin}s) must not exceed ZKPUSH_EXPIRY_MAX (${expiryMax}s)`);
  } else if (expiryDefault < expiryMin || expiryDefault > expiryMax) {
    read.fail(
      `ZKPUSH_EXPIRY_DEFAULT (${expiryDefault}s) must lie within ZKPUSH_EXPIRY_MIN..ZKPUSH_EXPIRY_MAX (${expiryMin}s..${expiryMax}s)`,
    );
  }

  const maxEnvelopeBytes = setting.integer('ZKPUSH_MAX_TEXT_BYTES');
  const sweepSeconds = setting.duration('ZKPUSH_SWEEP_INTERVAL');
  const warnings: string[] = [];
  const retentionSeconds = readRetention(read, warnings);
  const logLevel = setting.choice(settingOf('ZKPUSH_LOG_LEVEL'));

  const flags = Object.freeze({
    retrievalStep: Object.freeze({
      default: setting.boolean('ZKPUSH_RETRIEVAL_STEP_DEFAULT'),
      changeable: setting.boolean('ZKPUSH_RETRIEVAL_STEP_CHANGEABLE'),
    }),
    deletableByViewer: Object.freeze({
      default: setting.boolean('ZKPUSH_DELETABLE_BY_VIEWER_DEFAULT'),
      changeable: setting.boolean('ZKPUSH_DELETABLE_BY_VIEWER_CHANGEABLE'),
    }),
  });
  const passphrase = Object.freeze({
    allowed: setting.boolean('ZKPUSH_PASSPHRASE_ALLOWED'),
    maxAttempts: setting.integer('ZKPUSH_PASSPHRASE_ATTEMPTS'),
  });
  const audit = Object.freeze({
    ipLogging: setting.choice(settingOf('ZKPUSH_IP_LOGGING')),
    maxEventsPerPush: setting.integer('ZKPUSH_AUDIT_MAX_EVENTS'),
  });
  const files = readFileLimits(read);
  const trustedProxies = Object.freeze(
    read.list('ZKPUSH_TRUSTED_PROXIES', parseTrustedProxy, 'IP addresses or CIDR networks (10.0.0.0/8, ::1)'),
  );
  const rateLimit: RateLimits = Object.freeze({
    enabled: setting.choice(settingOf('ZKPUSH_RATE_LIMIT')) === 'on',
    create: Object.freeze(setting.rate('ZKPUSH_RATE_CREATE')),
    meta: Object.freeze(setting.rate('ZKPUSH_RATE_META')),
    reveal: Object.freeze(setting.rate('ZKPUSH_RATE_REVEAL')),
    failures: Object.freeze(setting.rate('ZKPUSH_RATE_FAILURES')),
  });
  const auth = readAuthConfig(read, {
    publicUrl,
    trustedProxyCount: trustedProxies.length,
    expiryMaxSeconds: expiryMax,
  });
  const metrics = readMetricsConfig(read);

  const brand = readBrand(read, cwd);
  const instance = readInstanceSwitches(read);

  if (read.errors.length > 0) return { kind: 'invalid', errors: [...read.errors] };
  const config: Config = Object.freeze({
    host,
    port,
    dataDir,
    sqliteSynchronous,
    database,
    webDir,
    publicUrl,
    allowedHosts: hosts,
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
    auth,
    logLevel,
    metrics,
    brand,
    instance,
  });
  return { kind: 'ok', config, warnings };
}

/**
 * The table's readers: each takes a setting's name, and its type, default and bounds from the table.
 * A name of another type does not compile.
 */
function settingsReader(read: EnvReader) {
  return {
    integer(name: SettingNameOfType<'integer'>): number {
      const spec = settingOf(name);
      return read.integer(name, Number(spec.default), spec);
    },
    /** `fallback` for a size whose default is another setting's value. */
    size(name: SettingNameOfType<'size'>, fallback?: string): number {
      const spec = settingOf(name);
      return read.bytes(name, spec.default ?? fallback ?? String(spec.min), spec);
    },
    duration(name: SettingNameOfType<'duration'>): number {
      const spec = settingOf(name);
      // A duration whose default is another setting's value is read where that value is known.
      return read.duration(name, spec.default ?? String(spec.max), spec);
    },
    boolean(name: SettingNameOfType<'boolean'>): boolean {
      return read.boolean(name, settingOf(name).default === 'true');
    },
    rate(name: SettingNameOfType<'rate'>): Rate {
      const spec = settingOf(name);
      return read.rate(name, spec.default, spec.max);
    },
    /** Takes the entry (settingOf) rather than the name, so the result is that setting's own choices. */
    choice<C extends string>(spec: { name: SettingNameOfType<'choice'>; default: C; choices: readonly C[] }): C {
      return read.oneOf(spec.name, spec.default, spec.choices);
    },
  };
}

const SSL_URL_PARAMS = ['sslmode', 'ssl', 'sslrootcert', 'sslcert', 'sslkey'];

/**
 * ZKPUSH_DATABASE_*: read only when ZKPUSH_DATABASE_URL is set. TLS is decided in one place — the URL's
 * `sslmode` (and friends) or ZKPUSH_DATABASE_SSL_MODE — since `pg` lets the URL override explicit
 * options; both at once is an error rather than a guess.
 */
function readDatabase(read: EnvReader, cwd: string): DatabaseConfig | undefined {
  const setting = settingsReader(read);
  // Every setting is read (and checked) even in SQLite mode: a typo fails at start-up either way.
  const poolSize = setting.integer('ZKPUSH_DATABASE_POOL_SIZE');
  const statementTimeoutMs = setting.duration('ZKPUSH_DATABASE_STATEMENT_TIMEOUT') * 1000;
  const sslMode = setting.choice(settingOf('ZKPUSH_DATABASE_SSL_MODE'));
  const caRaw = read.raw('ZKPUSH_DATABASE_SSL_CA');
  if (caRaw !== undefined && sslMode !== 'verify-full') {
    read.fail('ZKPUSH_DATABASE_SSL_CA needs ZKPUSH_DATABASE_SSL_MODE=verify-full');
  }
  const text = read.raw('ZKPUSH_DATABASE_URL');
  if (text === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (url === undefined || !['postgres:', 'postgresql:'].includes(url.protocol) || url.hostname === '') {
    // Never echo the value: it may hold a password.
    read.fail('ZKPUSH_DATABASE_URL must be a postgres://user@host[:port]/database URL');
    return undefined;
  }
  if (sslMode !== 'url' && SSL_URL_PARAMS.some((name) => url.searchParams.has(name))) {
    read.fail('ZKPUSH_DATABASE_SSL_MODE is set and ZKPUSH_DATABASE_URL has its own sslmode/ssl options; use one');
  }
  return Object.freeze({
    url: text,
    poolSize,
    statementTimeoutMs,
    sslMode,
    sslCaFile: caRaw === undefined ? undefined : resolve(cwd, caRaw),
  });
}

function readFileLimits(read: EnvReader): FileLimits {
  const setting = settingsReader(read);
  const maxFileBytes = setting.size('ZKPUSH_MAX_FILE_BYTES');
  const maxPushBytes = setting.size('ZKPUSH_MAX_PUSH_BYTES');
  const storageQuotaBytes = setting.size('ZKPUSH_STORAGE_QUOTA');
  if (maxPushBytes > storageQuotaBytes) {
    read.fail(`ZKPUSH_MAX_PUSH_BYTES (${maxPushBytes}) must not exceed ZKPUSH_STORAGE_QUOTA (${storageQuotaBytes})`);
  }
  // Default: one push of the largest size in flight per client. Below the largest push, such a push
  // could never be created and its 429 would promise a retry that never succeeds.
  const pendingName = 'ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT';
  const maxPendingBytesPerClient =
    read.raw(pendingName) === undefined ? maxPushBytes : setting.size(pendingName, String(maxPushBytes));
  if (maxPendingBytesPerClient < maxPushBytes) {
    read.fail(`${pendingName} (${maxPendingBytesPerClient}) must be at least ZKPUSH_MAX_PUSH_BYTES (${maxPushBytes})`);
  }
  return Object.freeze({
    allowed: setting.boolean('ZKPUSH_FILES_ALLOWED'),
    maxFiles: setting.integer('ZKPUSH_MAX_FILES'),
    maxFileBytes,
    maxPushBytes,
    storageQuotaBytes,
    diskReserveBytes: setting.size('ZKPUSH_DISK_RESERVE'),
    downloadWindowSeconds: setting.duration('ZKPUSH_DOWNLOAD_WINDOW'),
    uploadStartSeconds: setting.duration('ZKPUSH_UPLOAD_START_TIMEOUT'),
    uploadIdleSeconds: setting.duration('ZKPUSH_UPLOAD_IDLE_TIMEOUT'),
    maxPendingBytesPerClient,
  });
}

/**
 * ZKPUSH_AUDIT_RETENTION is the one retention setting: tombstones exist to answer `gone` and to keep
 * the owner-token hash that unlocks the audit trail, so they live exactly as long as the events. The
 * older ZKPUSH_TOMBSTONE_RETENTION is accepted as an alias (with a warning); both set to different
 * values is an error rather than a guess.
 */
function readRetention(read: EnvReader, warnings: string[]): number {
  const spec = settingOf('ZKPUSH_AUDIT_RETENTION');
  const audit = read.raw('ZKPUSH_AUDIT_RETENTION');
  const legacy = read.raw(spec.alias);
  if (legacy === undefined) return read.duration('ZKPUSH_AUDIT_RETENTION', spec.default, spec);
  const legacySeconds = read.duration(spec.alias, spec.default, spec);
  if (audit === undefined) {
    warnings.push('ZKPUSH_TOMBSTONE_RETENTION is deprecated; use ZKPUSH_AUDIT_RETENTION (same meaning)');
    return legacySeconds;
  }
  const auditSeconds = read.duration('ZKPUSH_AUDIT_RETENTION', spec.default, spec);
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
