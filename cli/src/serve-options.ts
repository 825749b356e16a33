/**
 * The one table behind `zkpush serve`: every server setting as a command-line flag, its ZKPUSH_*
 * environment variable, the default shown in `--help`, and a short description. The flag name is
 * derived from the variable (ZKPUSH_VIEWS_MAX → --views-max), and both the parseArgs options and the
 * help text are generated from this table, so the two cannot disagree. The server's own parser
 * (api/src/config.ts) stays the only place that validates values; serve-options.test.ts checks that
 * this table names every variable it reads and that each default shown here is the real one.
 */
import type { ParseArgsOptionsConfig } from 'node:util';

export type ServeOption = Readonly<{
  env: `ZKPUSH_${string}`;
  /** Placeholder in the help text: what kind of value the flag takes. */
  value: string;
  /** The default as written in --help; `literal: false` when it is a description, not a value. */
  default: string;
  literal?: false;
  help: string;
}>;

export type ServeGroup = Readonly<{ title: string; options: readonly ServeOption[] }>;

const BOOL = 'true|false';

export const SERVE_GROUPS: readonly ServeGroup[] = [
  {
    title: 'Listen and storage',
    options: [
      {
        env: 'ZKPUSH_HOST',
        value: 'ADDRESS',
        default: '127.0.0.1',
        help: 'listen address (keep loopback behind a proxy)',
      },
      { env: 'ZKPUSH_PORT', value: 'PORT', default: '8080', help: 'listen port; 0 picks a free one' },
      { env: 'ZKPUSH_DATA_DIR', value: 'DIR', default: './data', help: 'database directory (created 0700)' },
      {
        env: 'ZKPUSH_WEB_DIR',
        value: 'DIR',
        default: 'the bundled web app (in a checkout: web/build)',
        literal: false,
        help: 'built web app to serve instead',
      },
      {
        env: 'ZKPUSH_PUBLIC_URL',
        value: 'URL',
        default: 'unset',
        literal: false,
        help: 'origin people use, when behind a proxy (logged)',
      },
    ],
  },
  {
    title: 'Limits',
    options: [
      { env: 'ZKPUSH_VIEWS_DEFAULT', value: 'N', default: '1', help: 'views when the creator does not say' },
      { env: 'ZKPUSH_VIEWS_MAX', value: 'N', default: '100', help: 'most views a push may allow' },
      { env: 'ZKPUSH_EXPIRY_DEFAULT', value: 'DURATION', default: '24h', help: 'expiry when the creator does not say' },
      { env: 'ZKPUSH_EXPIRY_MIN', value: 'DURATION', default: '5m', help: 'shortest expiry' },
      { env: 'ZKPUSH_EXPIRY_MAX', value: 'DURATION', default: '90d', help: 'longest expiry' },
      { env: 'ZKPUSH_MAX_TEXT_BYTES', value: 'BYTES', default: '1048576', help: 'largest encrypted text push' },
    ],
  },
  {
    title: 'Files',
    options: [
      { env: 'ZKPUSH_FILES_ALLOWED', value: BOOL, default: 'true', help: 'accept file pushes' },
      { env: 'ZKPUSH_MAX_FILES', value: 'N', default: '10', help: 'most files in one push' },
      { env: 'ZKPUSH_MAX_FILE_BYTES', value: 'SIZE', default: '4GiB', help: 'largest file (exact size)' },
      { env: 'ZKPUSH_MAX_PUSH_BYTES', value: 'SIZE', default: '16GiB', help: 'largest total of one push (padded)' },
      {
        env: 'ZKPUSH_STORAGE_QUOTA',
        value: 'SIZE',
        default: '100GiB',
        help: 'most storage in all: envelopes and padded files',
      },
      {
        env: 'ZKPUSH_DISK_RESERVE',
        value: 'SIZE',
        default: '1GiB',
        help: 'free disk space always kept (text and file pushes)',
      },
      { env: 'ZKPUSH_DOWNLOAD_WINDOW', value: 'DURATION', default: '1h', help: 'how long a reveal may download' },
      {
        env: 'ZKPUSH_UPLOAD_START_TIMEOUT',
        value: 'DURATION',
        default: '10m',
        help: 'abandon an upload with no chunk this long after create',
      },
      {
        env: 'ZKPUSH_UPLOAD_IDLE_TIMEOUT',
        value: 'DURATION',
        default: '1h',
        help: 'abandon an upload idle this long',
      },
      {
        env: 'ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT',
        value: 'SIZE',
        default: 'ZKPUSH_MAX_PUSH_BYTES',
        literal: false,
        help: 'most declared but unsent upload bytes per client',
      },
    ],
  },
  {
    title: 'Push options',
    options: [
      { env: 'ZKPUSH_RETRIEVAL_STEP_DEFAULT', value: BOOL, default: 'true', help: 'recipients click Reveal first' },
      { env: 'ZKPUSH_RETRIEVAL_STEP_CHANGEABLE', value: BOOL, default: 'true', help: 'creators may turn it off' },
      {
        env: 'ZKPUSH_DELETABLE_BY_VIEWER_DEFAULT',
        value: BOOL,
        default: 'true',
        help: 'recipients may delete after reading',
      },
      {
        env: 'ZKPUSH_DELETABLE_BY_VIEWER_CHANGEABLE',
        value: BOOL,
        default: 'true',
        help: 'creators may turn it off',
      },
      { env: 'ZKPUSH_PASSPHRASE_ALLOWED', value: BOOL, default: 'true', help: 'creators may add a passphrase' },
      {
        env: 'ZKPUSH_PASSPHRASE_ATTEMPTS',
        value: 'N',
        default: '5',
        help: 'wrong passphrases before the push is destroyed',
      },
    ],
  },
  {
    title: 'Audit trail',
    options: [
      {
        env: 'ZKPUSH_IP_LOGGING',
        value: 'truncated|full|none',
        default: 'truncated',
        help: 'client address in events',
      },
      { env: 'ZKPUSH_AUDIT_MAX_EVENTS', value: 'N', default: '1000', help: 'events kept per push' },
      {
        env: 'ZKPUSH_AUDIT_RETENTION',
        value: 'DURATION',
        default: '90d',
        help: 'how long events and "gone" answers outlive a push',
      },
    ],
  },
  {
    title: 'Proxies and rate limits',
    options: [
      {
        env: 'ZKPUSH_TRUSTED_PROXIES',
        value: 'IP[/BITS],…',
        default: 'none',
        literal: false,
        help: 'peers whose X-Forwarded-For is believed',
      },
      { env: 'ZKPUSH_RATE_LIMIT', value: 'on|off', default: 'on', help: 'per-client-address rate limiting' },
      { env: 'ZKPUSH_RATE_CREATE', value: 'N/UNIT', default: '30/min', help: 'creates per client' },
      { env: 'ZKPUSH_RATE_META', value: 'N/UNIT', default: '120/min', help: 'metadata reads per client' },
      { env: 'ZKPUSH_RATE_REVEAL', value: 'N/UNIT', default: '60/min', help: 'reveals per client' },
      {
        env: 'ZKPUSH_RATE_FAILURES',
        value: 'N/UNIT',
        default: '10/min',
        help: 'wrong keys and passphrases per client',
      },
    ],
  },
  {
    title: 'Housekeeping',
    options: [
      { env: 'ZKPUSH_SWEEP_INTERVAL', value: 'DURATION', default: '60s', help: 'how often ended pushes are purged' },
      { env: 'ZKPUSH_LOG_LEVEL', value: 'LEVEL', default: 'info', help: 'debug, info, warn, error or silent' },
    ],
  },
];

export const SERVE_OPTIONS: readonly ServeOption[] = SERVE_GROUPS.flatMap((group) => group.options);

/** ZKPUSH_VIEWS_MAX → views-max */
export function flagName(env: string): string {
  return env
    .replace(/^ZKPUSH_/, '')
    .toLowerCase()
    .replaceAll('_', '-');
}

export const SERVE_ARGS = Object.fromEntries([
  ['help', { type: 'boolean', short: 'h' }],
  ...SERVE_OPTIONS.map((option) => [flagName(option.env), { type: 'string' }] as const),
]) satisfies ParseArgsOptionsConfig;

/** Flag values → the environment variables they stand for (only the flags that were given). */
export function flagsToEnv(values: Readonly<Record<string, unknown>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const option of SERVE_OPTIONS) {
    const value = values[flagName(option.env)];
    if (typeof value === 'string') env[option.env] = value;
  }
  return env;
}

/** The option lines of `zkpush serve --help`: flag and description, then the variable and its default. */
export function optionsHelp(): string {
  const left = (option: ServeOption): string => `--${flagName(option.env)} ${option.value}`;
  const width = Math.max(...SERVE_OPTIONS.map((option) => left(option).length)) + 2;
  const indent = ' '.repeat(width + 2);
  const line = (option: ServeOption): string =>
    `  ${left(option).padEnd(width)}${option.help}\n${indent}${option.env}, default ${option.default}`;
  return SERVE_GROUPS.map((group) => [`${group.title}:`, ...group.options.map(line)].join('\n')).join('\n\n');
}
