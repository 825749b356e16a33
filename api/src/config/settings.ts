/**
 * The one table of server settings: every `ZKPUSH_*` variable's type, default, bounds, group and help
 * text, written once. The config parser (config.ts) reads each variable by its entry here,
 * docs/configuration.md's tables are generated from it (settings-doc.ts, checked by a test), and
 * `zkpush serve --help` can list it (exported as `@zkpush/api/config` → SETTINGS).
 *
 * Defaults are written as a person would set them (`24h`, `4GiB`, `30/min`) and go through the same
 * parser as a set value. Bounds are in the setting's unit: seconds for durations, bytes for sizes.
 * Rules between settings (a default within its min and max, …) are checked in config.ts and named
 * here in `constraint`.
 */
import { AUTH_MODES, CREATE_POLICIES } from '@zkpush/shared/auth-schemas';
import { DAY, HOUR } from '@zkpush/shared/expiry';
import { LOG_LEVELS } from '../logger.ts';

export const SETTING_GROUPS = [
  'Listen and storage',
  'Limits',
  'Files',
  'Push options',
  'Audit trail',
  'Proxies and rate limits',
  'Sign-in and policy',
  'Housekeeping',
  'Monitoring',
  'Branding and instance',
] as const;
export type SettingGroup = (typeof SETTING_GROUPS)[number];

export const IP_LOGGING = ['truncated', 'full', 'none'] as const;
/** SQLite's `synchronous` pragma, as db/sqlite/open-database.ts applies it. */
export const SQLITE_SYNCHRONOUS = ['full', 'normal'] as const;
/**
 * How people sign in (api/src/auth/: not at all, OpenID Connect, or headers from an authenticating
 * proxy) and who may create pushes (api/src/auth/policy.ts); the lists are the wire's.
 */
export { AUTH_MODES, CREATE_POLICIES };

/**
 * TLS to PostgreSQL (db/postgres/open-postgres.ts): `url` leaves it to the URL's own `sslmode`;
 * `disable` no TLS; `require` encrypted without checking the certificate; `verify-full` encrypted, the
 * certificate checked against the system CAs or ZKPUSH_DATABASE_SSL_CA, and its name against the host.
 */
export const DATABASE_SSL_MODES = ['url', 'disable', 'require', 'verify-full'] as const;

type Bounds = { readonly min: number; readonly max: number };

/** One setting as written in the table (its name is the key). */
export type SettingSpec = Readonly<
  {
    group: SettingGroup;
    /** What kind of value it takes, as a placeholder in `--help` (`N`, `DURATION`, `true|false`, …). */
    placeholder: string;
    /** One line: what the setting decides. */
    help: string;
    /**
     * The default as one would set it; undefined when the default is not a value (unset, or derived
     * from another setting) — then `defaultText` says what it is.
     */
    default: string | undefined;
    defaultText?: string;
    /** A rule involving other settings, checked by config.ts. */
    constraint?: string;
    /** An older name still read (with a warning in the log). */
    alias?: `ZKPUSH_${string}`;
  } & (
    | { type: 'host' }
    | { type: 'directory' }
    /** A file path, read at start-up (a CA certificate; a secret whose trimmed contents are the value). */
    | { type: 'file' }
    /** `postgres://` or `postgresql://` connection URL. */
    | { type: 'database-url' }
    | { type: 'origin' }
    | { type: 'address-list' }
    /** Host names as a Host header names them, optionally with `:port`, or `*`. */
    | { type: 'host-list' }
    | { type: 'boolean' }
    /** A secret: a bearer token of RFC 6750 b64token characters, at least `minLength` of them. */
    | { type: 'token'; minLength: number }
    /** `host:port` (`[v6]:port`) to listen on. */
    | { type: 'listen-address' }
    /** Free text (a client id, a header name, a claim name). */
    | { type: 'text' }
    /** An absolute http(s) URL. */
    | { type: 'url' }
    /** Comma- or space-separated words. */
    | { type: 'text-list' }
    | ({ type: 'integer' } & Bounds)
    /** A byte size: `512MiB`, `4GiB`, bare bytes. */
    | ({ type: 'size' } & Bounds)
    /** A duration in seconds: `90s`, `30m`, `24h`, `7d`, bare seconds. */
    | ({ type: 'duration' } & Bounds)
    | { type: 'choice'; choices: readonly string[] }
    /** Text shown to people, one line of at most `maxLength` characters. */
    | { type: 'brand-text'; maxLength: number }
    /** A file served to browsers: its extension one of `extensions`, its size at most `maxBytes`. */
    | { type: 'brand-file'; extensions: readonly string[]; maxBytes: number }
    /** An sRGB colour `#rrggbb` or `#rgb`. */
    | { type: 'colour' }
    /** A link for people: an absolute `https:`, `http:` or `mailto:` URL. */
    | { type: 'link' }
    /** `N/sec`, `N/min` or `N/hour` with 1 ≤ N ≤ max. */
    | { type: 'rate'; max: number }
  )
>;

const BOOL = 'true|false';
const VIEWS = { min: 1, max: 10_000 } as const;
const EXPIRY = { min: 1, max: 365 * DAY } as const;
/** 1 TiB per file; 16 TiB per push or in all: beyond these a size is a typo. */
const FILE_BYTES = { min: 1, max: 2 ** 40 } as const;
const STORAGE_BYTES = { min: 1, max: 2 ** 44 } as const;
const TRANSFER_SECONDS = { min: 60, max: 7 * DAY } as const;
const RATE_MAX = 1_000_000;
const KIB = 1024;
export const BRAND_IMAGE_EXTENSIONS = ['.svg', '.png', '.webp'] as const;
export const BRAND_ICON_EXTENSIONS = ['.svg', '.png', '.ico'] as const;

const TABLE = {
  ZKPUSH_HOST: {
    group: 'Listen and storage',
    type: 'host',
    placeholder: 'ADDRESS',
    default: '127.0.0.1',
    help: 'listen address (keep loopback behind a proxy)',
  },
  ZKPUSH_PORT: {
    group: 'Listen and storage',
    type: 'integer',
    min: 0,
    max: 65535,
    placeholder: 'PORT',
    default: '8080',
    help: 'listen port; 0 picks a free one',
  },
  ZKPUSH_DATA_DIR: {
    group: 'Listen and storage',
    type: 'directory',
    placeholder: 'DIR',
    default: './data',
    help: 'database directory (created 0700)',
  },
  ZKPUSH_SQLITE_SYNCHRONOUS: {
    group: 'Listen and storage',
    type: 'choice',
    choices: SQLITE_SYNCHRONOUS,
    placeholder: 'full|normal',
    default: 'full',
    help: 'full: every commit survives power loss',
  },
  ZKPUSH_DATABASE_URL: {
    group: 'Listen and storage',
    type: 'database-url',
    placeholder: 'postgres://…',
    default: undefined,
    defaultText: 'unset: SQLite in ZKPUSH_DATA_DIR',
    help: 'PostgreSQL instead of SQLite (password: PGPASSWORD or ~/.pgpass)',
  },
  ZKPUSH_DATABASE_POOL_SIZE: {
    group: 'Listen and storage',
    type: 'integer',
    min: 2,
    max: 1000,
    placeholder: 'N',
    default: '10',
    help: 'PostgreSQL connections per instance (one may hold the sweeper lock)',
  },
  ZKPUSH_DATABASE_STATEMENT_TIMEOUT: {
    group: 'Listen and storage',
    type: 'duration',
    min: 1,
    max: HOUR,
    placeholder: 'DURATION',
    default: '30s',
    help: 'PostgreSQL cancels a statement running longer',
  },
  ZKPUSH_DATABASE_SSL_MODE: {
    group: 'Listen and storage',
    type: 'choice',
    choices: DATABASE_SSL_MODES,
    placeholder: 'url|disable|require|verify-full',
    default: 'url',
    help: "TLS to PostgreSQL; url: the URL's sslmode decides",
  },
  ZKPUSH_DATABASE_SSL_CA: {
    group: 'Listen and storage',
    type: 'file',
    placeholder: 'FILE',
    default: undefined,
    defaultText: 'the system CAs',
    constraint: 'only with ZKPUSH_DATABASE_SSL_MODE=verify-full',
    help: 'CA certificate(s) PostgreSQL must be signed by (PEM)',
  },
  ZKPUSH_WEB_DIR: {
    group: 'Listen and storage',
    type: 'directory',
    placeholder: 'DIR',
    default: undefined,
    defaultText: 'the bundled web app (in a checkout: web/build)',
    help: 'built web app to serve instead',
  },
  ZKPUSH_PUBLIC_URL: {
    group: 'Listen and storage',
    type: 'origin',
    placeholder: 'URL',
    default: undefined,
    defaultText: 'unset',
    help: 'origin people use, when behind a proxy (logged)',
  },
  ZKPUSH_ALLOWED_HOSTS: {
    group: 'Listen and storage',
    type: 'host-list',
    placeholder: 'HOST[:PORT],…',
    default: undefined,
    defaultText: 'names in ZKPUSH_PUBLIC_URL, ZKPUSH_HOST',
    help: 'names served besides IPs and localhost (else 421)',
  },
  ZKPUSH_VIEWS_DEFAULT: {
    group: 'Limits',
    type: 'integer',
    ...VIEWS,
    placeholder: 'N',
    default: '1',
    constraint: 'at most ZKPUSH_VIEWS_MAX',
    help: 'views when the creator does not say',
  },
  ZKPUSH_VIEWS_MAX: {
    group: 'Limits',
    type: 'integer',
    ...VIEWS,
    placeholder: 'N',
    default: '100',
    help: 'most views a push may allow',
  },
  ZKPUSH_EXPIRY_DEFAULT: {
    group: 'Limits',
    type: 'duration',
    ...EXPIRY,
    placeholder: 'DURATION',
    default: '24h',
    constraint: 'within ZKPUSH_EXPIRY_MIN … ZKPUSH_EXPIRY_MAX',
    help: 'expiry when the creator does not say',
  },
  ZKPUSH_EXPIRY_MIN: {
    group: 'Limits',
    type: 'duration',
    ...EXPIRY,
    placeholder: 'DURATION',
    default: '5m',
    constraint: 'at most ZKPUSH_EXPIRY_MAX',
    help: 'shortest expiry',
  },
  ZKPUSH_EXPIRY_MAX: {
    group: 'Limits',
    type: 'duration',
    ...EXPIRY,
    placeholder: 'DURATION',
    default: '90d',
    help: 'longest expiry',
  },
  ZKPUSH_MAX_TEXT_BYTES: {
    group: 'Limits',
    type: 'integer',
    min: 1024,
    max: 64 * 1024 * 1024,
    placeholder: 'BYTES',
    default: '1048576',
    help: 'largest encrypted text push',
  },
  ZKPUSH_FILES_ALLOWED: {
    group: 'Files',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: 'accept file pushes',
  },
  ZKPUSH_MAX_FILES: {
    group: 'Files',
    type: 'integer',
    min: 1,
    max: 1000,
    placeholder: 'N',
    default: '10',
    help: 'most files in one push',
  },
  ZKPUSH_MAX_FILE_BYTES: {
    group: 'Files',
    type: 'size',
    ...FILE_BYTES,
    placeholder: 'SIZE',
    default: '4GiB',
    help: 'largest file (exact size)',
  },
  ZKPUSH_MAX_PUSH_BYTES: {
    group: 'Files',
    type: 'size',
    ...STORAGE_BYTES,
    placeholder: 'SIZE',
    default: '16GiB',
    constraint: 'at most ZKPUSH_STORAGE_QUOTA',
    help: 'largest total of one push (padded)',
  },
  ZKPUSH_STORAGE_QUOTA: {
    group: 'Files',
    type: 'size',
    ...STORAGE_BYTES,
    placeholder: 'SIZE',
    default: '100GiB',
    help: 'most storage in all: envelopes and padded files',
  },
  ZKPUSH_DISK_RESERVE: {
    group: 'Files',
    type: 'size',
    min: 0,
    max: STORAGE_BYTES.max,
    placeholder: 'SIZE',
    default: '1GiB',
    help: 'free disk space always kept (text and file pushes)',
  },
  ZKPUSH_DOWNLOAD_WINDOW: {
    group: 'Files',
    type: 'duration',
    ...TRANSFER_SECONDS,
    placeholder: 'DURATION',
    default: '1h',
    help: 'how long a reveal may download',
  },
  ZKPUSH_UPLOAD_START_TIMEOUT: {
    group: 'Files',
    type: 'duration',
    ...TRANSFER_SECONDS,
    placeholder: 'DURATION',
    default: '10m',
    help: 'abandon an upload with no chunk this long after create',
  },
  ZKPUSH_UPLOAD_IDLE_TIMEOUT: {
    group: 'Files',
    type: 'duration',
    ...TRANSFER_SECONDS,
    placeholder: 'DURATION',
    default: '1h',
    help: 'abandon an upload idle this long',
  },
  ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT: {
    group: 'Files',
    type: 'size',
    ...STORAGE_BYTES,
    placeholder: 'SIZE',
    default: undefined,
    defaultText: 'ZKPUSH_MAX_PUSH_BYTES',
    constraint: 'at least ZKPUSH_MAX_PUSH_BYTES',
    help: 'most declared but unsent upload bytes per client',
  },
  ZKPUSH_RETRIEVAL_STEP_DEFAULT: {
    group: 'Push options',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: 'recipients click Reveal first',
  },
  ZKPUSH_RETRIEVAL_STEP_CHANGEABLE: {
    group: 'Push options',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: 'creators may turn it off',
  },
  ZKPUSH_DELETABLE_BY_VIEWER_DEFAULT: {
    group: 'Push options',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: 'recipients may delete after reading',
  },
  ZKPUSH_DELETABLE_BY_VIEWER_CHANGEABLE: {
    group: 'Push options',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: 'creators may turn it off',
  },
  ZKPUSH_PASSPHRASE_ALLOWED: {
    group: 'Push options',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: 'creators may add a passphrase',
  },
  ZKPUSH_PASSPHRASE_ATTEMPTS: {
    group: 'Push options',
    type: 'integer',
    min: 1,
    max: 100,
    placeholder: 'N',
    default: '5',
    help: 'wrong passphrases before the push is destroyed',
  },
  ZKPUSH_IP_LOGGING: {
    group: 'Audit trail',
    type: 'choice',
    choices: IP_LOGGING,
    placeholder: 'truncated|full|none',
    default: 'truncated',
    help: 'client address in events',
  },
  ZKPUSH_AUDIT_MAX_EVENTS: {
    group: 'Audit trail',
    type: 'integer',
    // At least created + viewed + expired_by_views and room to spare; at most what a page walk handles.
    min: 10,
    max: 100_000,
    placeholder: 'N',
    default: '1000',
    help: 'events kept per push',
  },
  ZKPUSH_AUDIT_RETENTION: {
    group: 'Audit trail',
    type: 'duration',
    min: 0,
    max: EXPIRY.max,
    placeholder: 'DURATION',
    default: '90d',
    alias: 'ZKPUSH_TOMBSTONE_RETENTION',
    help: 'how long events and "gone" answers outlive a push',
  },
  ZKPUSH_TRUSTED_PROXIES: {
    group: 'Proxies and rate limits',
    type: 'address-list',
    placeholder: 'IP[/BITS],…',
    default: undefined,
    defaultText: 'none',
    help: 'peers whose X-Forwarded-For is believed',
  },
  ZKPUSH_RATE_LIMIT: {
    group: 'Proxies and rate limits',
    type: 'choice',
    choices: ['on', 'off'],
    placeholder: 'on|off',
    default: 'on',
    help: 'per-client-address rate limiting',
  },
  ZKPUSH_RATE_CREATE: {
    group: 'Proxies and rate limits',
    type: 'rate',
    max: RATE_MAX,
    placeholder: 'N/UNIT',
    default: '30/min',
    help: 'creates per client',
  },
  ZKPUSH_RATE_META: {
    group: 'Proxies and rate limits',
    type: 'rate',
    max: RATE_MAX,
    placeholder: 'N/UNIT',
    default: '120/min',
    help: 'metadata reads per client',
  },
  ZKPUSH_RATE_REVEAL: {
    group: 'Proxies and rate limits',
    type: 'rate',
    max: RATE_MAX,
    placeholder: 'N/UNIT',
    default: '60/min',
    help: 'reveals per client',
  },
  ZKPUSH_RATE_FAILURES: {
    group: 'Proxies and rate limits',
    type: 'rate',
    max: RATE_MAX,
    placeholder: 'N/UNIT',
    default: '10/min',
    help: 'wrong keys and passphrases per client',
  },
  ZKPUSH_AUTH: {
    group: 'Sign-in and policy',
    type: 'choice',
    choices: AUTH_MODES,
    placeholder: 'none|oidc|trusted-header',
    default: 'none',
    help: 'how people sign in (none: zkpush as before)',
  },
  ZKPUSH_CREATE_POLICY: {
    group: 'Sign-in and policy',
    type: 'choice',
    choices: CREATE_POLICIES,
    placeholder: 'anyone|signed-in|signed-in-or-token',
    default: 'anyone',
    constraint: 'other than anyone needs ZKPUSH_AUTH',
    help: 'who may create pushes (revealing stays anonymous)',
  },
  ZKPUSH_OIDC_ISSUER: {
    group: 'Sign-in and policy',
    type: 'url',
    placeholder: 'URL',
    default: undefined,
    defaultText: 'unset; required with ZKPUSH_AUTH=oidc',
    help: 'OpenID Provider issuer (discovery at /.well-known/openid-configuration)',
  },
  ZKPUSH_OIDC_CLIENT_ID: {
    group: 'Sign-in and policy',
    type: 'text',
    placeholder: 'ID',
    default: undefined,
    defaultText: 'unset; required with ZKPUSH_AUTH=oidc',
    help: 'client id registered at the provider',
  },
  ZKPUSH_OIDC_CLIENT_SECRET: {
    group: 'Sign-in and policy',
    type: 'text',
    placeholder: 'SECRET',
    default: undefined,
    defaultText: 'unset (a public client, PKCE only)',
    constraint: 'not with ZKPUSH_OIDC_CLIENT_SECRET_FILE',
    help: 'client secret; prefer the _FILE variant',
  },
  ZKPUSH_OIDC_CLIENT_SECRET_FILE: {
    group: 'Sign-in and policy',
    type: 'file',
    placeholder: 'FILE',
    default: undefined,
    defaultText: 'unset',
    help: 'file holding the client secret',
  },
  ZKPUSH_OIDC_SCOPES: {
    group: 'Sign-in and policy',
    type: 'text-list',
    placeholder: 'SCOPE …',
    default: 'openid email profile',
    constraint: 'must include openid',
    help: 'scopes asked for at sign-in',
  },
  ZKPUSH_OIDC_REDIRECT_URL: {
    group: 'Sign-in and policy',
    type: 'url',
    placeholder: 'URL',
    default: undefined,
    defaultText: 'ZKPUSH_PUBLIC_URL + /auth/callback',
    help: 'redirect URI registered at the provider',
  },
  ZKPUSH_AUTH_ALLOWED_DOMAINS: {
    group: 'Sign-in and policy',
    type: 'text-list',
    placeholder: 'DOMAIN,…',
    default: undefined,
    defaultText: 'any',
    help: 'only verified emails at these domains may sign in',
  },
  ZKPUSH_AUTH_GROUPS_CLAIM: {
    group: 'Sign-in and policy',
    type: 'text',
    placeholder: 'CLAIM',
    default: 'groups',
    help: "ID token / userinfo claim listing the user's groups",
  },
  ZKPUSH_AUTH_ADMIN_GROUPS: {
    group: 'Sign-in and policy',
    type: 'text-list',
    placeholder: 'GROUP,…',
    default: undefined,
    defaultText: 'none (nobody is admin)',
    help: 'members of these groups are admins',
  },
  ZKPUSH_AUTH_MEMBER_GROUPS: {
    group: 'Sign-in and policy',
    type: 'text-list',
    placeholder: 'GROUP,…',
    default: undefined,
    defaultText: 'any (everyone who signs in)',
    help: 'only members of these groups (or admin groups) may sign in',
  },
  ZKPUSH_TRUSTED_HEADER_USER: {
    group: 'Sign-in and policy',
    type: 'text',
    placeholder: 'HEADER',
    default: 'X-Forwarded-User',
    help: 'header naming the user (ZKPUSH_AUTH=trusted-header)',
  },
  ZKPUSH_TRUSTED_HEADER_EMAIL: {
    group: 'Sign-in and policy',
    type: 'text',
    placeholder: 'HEADER',
    default: 'X-Forwarded-Email',
    help: "header with the user's email (treated as verified)",
  },
  ZKPUSH_TRUSTED_HEADER_GROUPS: {
    group: 'Sign-in and policy',
    type: 'text',
    placeholder: 'HEADER',
    default: 'X-Forwarded-Groups',
    help: "header with the user's comma-separated groups",
  },
  ZKPUSH_SESSION_IDLE_TIMEOUT: {
    group: 'Sign-in and policy',
    type: 'duration',
    min: 60,
    max: 30 * DAY,
    placeholder: 'DURATION',
    default: '8h',
    constraint: 'at most ZKPUSH_SESSION_MAX_AGE',
    help: 'a session unused this long ends',
  },
  ZKPUSH_SESSION_MAX_AGE: {
    group: 'Sign-in and policy',
    type: 'duration',
    min: 60,
    max: 365 * DAY,
    placeholder: 'DURATION',
    default: '7d',
    help: 'a session ends this long after sign-in, used or not',
  },
  ZKPUSH_TOKEN_MAX_EXPIRY: {
    group: 'Sign-in and policy',
    type: 'duration',
    min: HOUR,
    max: 5 * 365 * DAY,
    placeholder: 'DURATION',
    default: '365d',
    help: 'longest lifetime of an API token',
  },
  ZKPUSH_MEMBER_EXPIRY_MAX: {
    group: 'Sign-in and policy',
    type: 'duration',
    ...EXPIRY,
    placeholder: 'DURATION',
    default: undefined,
    defaultText: 'ZKPUSH_EXPIRY_MAX',
    help: 'longest expiry for pushes created by non-admins',
  },
  ZKPUSH_FILES_ADMINS_ONLY: {
    group: 'Sign-in and policy',
    type: 'boolean',
    placeholder: BOOL,
    default: 'false',
    help: 'only admins (and their tokens) may create file pushes',
  },
  ZKPUSH_SWEEP_INTERVAL: {
    group: 'Housekeeping',
    type: 'duration',
    min: 1,
    max: HOUR,
    placeholder: 'DURATION',
    default: '60s',
    help: 'how often ended pushes and sessions are purged',
  },
  ZKPUSH_LOG_LEVEL: {
    group: 'Housekeeping',
    type: 'choice',
    choices: LOG_LEVELS,
    placeholder: 'LEVEL',
    default: 'info',
    help: 'debug, info, warn, error or silent',
  },
  ZKPUSH_METRICS: {
    group: 'Monitoring',
    type: 'boolean',
    placeholder: BOOL,
    default: 'false',
    help: 'serve GET /metrics (also on when a token or listen address is set)',
  },
  ZKPUSH_METRICS_TOKEN: {
    group: 'Monitoring',
    type: 'token',
    minLength: 16,
    placeholder: 'TOKEN',
    default: undefined,
    defaultText: 'unset',
    help: 'bearer token /metrics requires (set the variable: flags show in ps)',
  },
  ZKPUSH_METRICS_LISTEN: {
    group: 'Monitoring',
    type: 'listen-address',
    placeholder: 'HOST:PORT',
    default: undefined,
    defaultText: 'unset: the main listener',
    help: 'serve /metrics only on this address, e.g. 127.0.0.1:9464',
  },
  ZKPUSH_BRAND_NAME: {
    group: 'Branding and instance',
    type: 'brand-text',
    maxLength: 60,
    placeholder: 'TEXT',
    default: 'zkpush',
    help: 'product name in the header and page titles',
  },
  ZKPUSH_BRAND_TAGLINE: {
    group: 'Branding and instance',
    type: 'brand-text',
    maxLength: 140,
    placeholder: 'TEXT',
    default: undefined,
    defaultText: 'none',
    help: 'line under the name in the header',
  },
  ZKPUSH_BRAND_DISCLAIMER: {
    group: 'Branding and instance',
    type: 'brand-text',
    maxLength: 1000,
    placeholder: 'TEXT',
    default: undefined,
    defaultText: 'none',
    help: 'notice shown on the create and reveal pages',
  },
  ZKPUSH_BRAND_LOGO: {
    group: 'Branding and instance',
    type: 'brand-file',
    extensions: BRAND_IMAGE_EXTENSIONS,
    maxBytes: 256 * KIB,
    placeholder: 'FILE',
    default: undefined,
    defaultText: 'none (the name only)',
    help: 'logo for the light theme (.svg, .png, .webp)',
  },
  ZKPUSH_BRAND_LOGO_DARK: {
    group: 'Branding and instance',
    type: 'brand-file',
    extensions: BRAND_IMAGE_EXTENSIONS,
    maxBytes: 256 * KIB,
    placeholder: 'FILE',
    default: undefined,
    defaultText: 'ZKPUSH_BRAND_LOGO',
    help: 'logo for the dark theme',
  },
  ZKPUSH_BRAND_FAVICON: {
    group: 'Branding and instance',
    type: 'brand-file',
    extensions: BRAND_ICON_EXTENSIONS,
    maxBytes: 64 * KIB,
    placeholder: 'FILE',
    default: undefined,
    defaultText: "zkpush's icon",
    help: 'browser tab icon (.svg, .png, .ico)',
  },
  ZKPUSH_BRAND_FAVICON_DARK: {
    group: 'Branding and instance',
    type: 'brand-file',
    extensions: BRAND_ICON_EXTENSIONS,
    maxBytes: 64 * KIB,
    placeholder: 'FILE',
    default: undefined,
    defaultText: 'ZKPUSH_BRAND_FAVICON',
    help: 'tab icon when the system theme is dark',
  },
  ZKPUSH_BRAND_ACCENT: {
    group: 'Branding and instance',
    type: 'colour',
    placeholder: '#RRGGBB',
    default: undefined,
    defaultText: "zkpush's indigo",
    constraint: 'AA contrast (4.5:1) on the light theme',
    help: 'accent colour: links, buttons, focus',
  },
  ZKPUSH_BRAND_ACCENT_DARK: {
    group: 'Branding and instance',
    type: 'colour',
    placeholder: '#RRGGBB',
    default: undefined,
    defaultText: "ZKPUSH_BRAND_ACCENT if it passes, else zkpush's",
    constraint: 'AA contrast (4.5:1) on the dark theme',
    help: 'accent colour for the dark theme',
  },
  ZKPUSH_BRAND_CSS: {
    group: 'Branding and instance',
    type: 'brand-file',
    extensions: ['.css'],
    maxBytes: 256 * KIB,
    placeholder: 'FILE',
    default: undefined,
    defaultText: 'none',
    help: 'extra stylesheet, served same-origin under the CSP',
  },
  ZKPUSH_BRAND_IMPRINT_URL: {
    group: 'Branding and instance',
    type: 'link',
    placeholder: 'URL',
    default: undefined,
    defaultText: 'none',
    help: 'footer link to the legal notice (imprint)',
  },
  ZKPUSH_BRAND_PRIVACY_URL: {
    group: 'Branding and instance',
    type: 'link',
    placeholder: 'URL',
    default: undefined,
    defaultText: 'none',
    help: 'footer link to the privacy policy',
  },
  ZKPUSH_BRAND_SUPPORT_URL: {
    group: 'Branding and instance',
    type: 'link',
    placeholder: 'URL',
    default: undefined,
    defaultText: 'none',
    help: 'footer link for help (https: or mailto:)',
  },
  ZKPUSH_CREATE_ENABLED: {
    group: 'Branding and instance',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: 'false: retrieval-only gateway (creating refused)',
  },
  ZKPUSH_DASHBOARD_ENABLED: {
    group: 'Branding and instance',
    type: 'boolean',
    placeholder: BOOL,
    default: 'true',
    help: "false: no creator's dashboard page",
  },
} as const satisfies Readonly<Record<`ZKPUSH_${string}`, SettingSpec>>;

export type SettingName = keyof typeof TABLE;
/** The entry of one setting, with its exact types (bounds, choices). */
type SettingOf<N extends SettingName> = (typeof TABLE)[N];
/** The settings whose entry has type `T`. */
export type SettingNameOfType<T extends SettingSpec['type']> = {
  [N in SettingName]: SettingOf<N>['type'] extends T ? N : never;
}[SettingName];

export function settingOf<N extends SettingName>(name: N): SettingOf<N> & { name: N } {
  return { name, ...TABLE[name] };
}

/** A setting with its name: what `zkpush serve --help` and the docs list. */
export type Setting = SettingSpec & Readonly<{ name: SettingName }>;

/** Every setting, in the order of its group and then as listed; frozen. */
export const SETTINGS: readonly Setting[] = Object.freeze(
  Object.entries(TABLE).flatMap(([name, spec]) => (isSettingName(name) ? [Object.freeze({ name, ...spec })] : [])),
);

function isSettingName(name: string): name is SettingName {
  return name in TABLE;
}
