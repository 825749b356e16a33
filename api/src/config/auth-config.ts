/**
 * The sign-in and policy settings (settings.ts group "Sign-in and policy"; docs/configuration.md,
 * docs/self-hosting.md "Sign-in"). Every variable is read whatever ZKPUSH_AUTH says, so a typo in one is
 * reported even while sign-in is off; the rules between them are checked here:
 * - ZKPUSH_AUTH=oidc needs an issuer, a client id and a redirect URL (set, or derived from
 *   ZKPUSH_PUBLIC_URL), and `openid` among the scopes;
 * - ZKPUSH_AUTH=trusted-header needs ZKPUSH_TRUSTED_PROXIES: without it anyone could send the headers;
 * - a create policy other than `anyone` needs a way to sign in.
 */
import { readFileSync } from 'node:fs';
import type { EnvReader } from './env-reader.ts';
import { settingOf, type AUTH_MODES, type CREATE_POLICIES } from './settings.ts';

export type AuthMode = (typeof AUTH_MODES)[number];
export type CreatePolicy = (typeof CREATE_POLICIES)[number];

export type OidcSettings = Readonly<{
  issuer: string;
  clientId: string;
  /** Undefined: a public client (PKCE alone, token endpoint auth `none`). */
  clientSecret: string | undefined;
  scopes: readonly string[];
  /** Absolute; its path is where the provider sends the browser back (/auth/callback). */
  redirectUrl: string;
}>;

export type AuthConfig = Readonly<{
  mode: AuthMode;
  createPolicy: CreatePolicy;
  /** Set exactly when mode is `oidc`. */
  oidc: OidcSettings | undefined;
  /** Lower-case domains; empty = any. */
  allowedDomains: readonly string[];
  groupsClaim: string;
  adminGroups: readonly string[];
  /** Empty = everyone who signs in is a member. */
  memberGroups: readonly string[];
  /** Header names, lower-case (Fetch's Headers are case-insensitive). */
  trustedHeaders: Readonly<{ user: string; email: string; groups: string }>;
  sessionIdleSeconds: number;
  sessionMaxAgeSeconds: number;
  tokenMaxExpirySeconds: number;
  /** Longest push expiry a member (not an admin) may choose. */
  memberExpiryMaxSeconds: number;
  filesAdminsOnly: boolean;
  /** `Secure` and the `__Host-` prefix on cookies: the redirect URL (the public origin) is https. */
  secureCookies: boolean;
}>;

const CALLBACK_PATH = '/auth/callback';

/** A table default spelled as written (`true`/`false`); a plain string so a literal default still compiles. */
const isTrue = (text: string): boolean => text === 'true';

function words(read: EnvReader, name: Parameters<typeof settingOf>[0], fallback = ''): string[] {
  const text = read.raw(name) ?? fallback;
  return text
    .split(/[\s,]+/)
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

function absoluteUrl(read: EnvReader, name: 'ZKPUSH_OIDC_ISSUER' | 'ZKPUSH_OIDC_REDIRECT_URL'): string | undefined {
  const text = read.raw(name);
  if (text === undefined) return undefined;
  try {
    const url = new URL(text);
    if ((url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '') {
      return url.href;
    }
  } catch {
    // reported below
  }
  read.fail(`${name} must be an absolute http(s) URL without credentials (got "${text}")`);
  return undefined;
}

function clientSecret(read: EnvReader): string | undefined {
  const inline = read.raw('ZKPUSH_OIDC_CLIENT_SECRET');
  const file = read.raw('ZKPUSH_OIDC_CLIENT_SECRET_FILE');
  if (file === undefined) return inline;
  if (inline !== undefined) {
    read.fail('set only one of ZKPUSH_OIDC_CLIENT_SECRET and ZKPUSH_OIDC_CLIENT_SECRET_FILE');
    return undefined;
  }
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret !== '') return secret;
    read.fail(`ZKPUSH_OIDC_CLIENT_SECRET_FILE names an empty file (${file})`);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unreadable';
    read.fail(`ZKPUSH_OIDC_CLIENT_SECRET_FILE cannot be read (${file}: ${code})`);
  }
  return undefined;
}

export function readAuthConfig(
  read: EnvReader,
  context: { publicUrl: string | undefined; trustedProxyCount: number; expiryMaxSeconds: number },
): AuthConfig {
  const mode = read.oneOf('ZKPUSH_AUTH', settingOf('ZKPUSH_AUTH').default, settingOf('ZKPUSH_AUTH').choices);
  const policySpec = settingOf('ZKPUSH_CREATE_POLICY');
  const createPolicy = read.oneOf('ZKPUSH_CREATE_POLICY', policySpec.default, policySpec.choices);
  const issuer = absoluteUrl(read, 'ZKPUSH_OIDC_ISSUER');
  const clientId = read.raw('ZKPUSH_OIDC_CLIENT_ID');
  const secret = clientSecret(read);
  const scopes = words(read, 'ZKPUSH_OIDC_SCOPES', settingOf('ZKPUSH_OIDC_SCOPES').default);
  const redirectSet = absoluteUrl(read, 'ZKPUSH_OIDC_REDIRECT_URL');
  const redirectUrl =
    redirectSet ?? (context.publicUrl === undefined ? undefined : new URL(CALLBACK_PATH, context.publicUrl).href);
  const header = (
    name: 'ZKPUSH_TRUSTED_HEADER_USER' | 'ZKPUSH_TRUSTED_HEADER_EMAIL' | 'ZKPUSH_TRUSTED_HEADER_GROUPS',
  ) => (read.raw(name) ?? settingOf(name).default).toLowerCase();
  const trustedHeaders = Object.freeze({
    user: header('ZKPUSH_TRUSTED_HEADER_USER'),
    email: header('ZKPUSH_TRUSTED_HEADER_EMAIL'),
    groups: header('ZKPUSH_TRUSTED_HEADER_GROUPS'),
  });
  const idle = settingOf('ZKPUSH_SESSION_IDLE_TIMEOUT');
  const maxAge = settingOf('ZKPUSH_SESSION_MAX_AGE');
  const tokenMax = settingOf('ZKPUSH_TOKEN_MAX_EXPIRY');
  const memberMax = settingOf('ZKPUSH_MEMBER_EXPIRY_MAX');
  const sessionIdleSeconds = read.duration(idle.name, idle.default, idle);
  const sessionMaxAgeSeconds = read.duration(maxAge.name, maxAge.default, maxAge);
  const tokenMaxExpirySeconds = read.duration(tokenMax.name, tokenMax.default, tokenMax);
  const memberExpiryMaxSeconds =
    read.raw(memberMax.name) === undefined
      ? context.expiryMaxSeconds
      : read.duration(memberMax.name, String(context.expiryMaxSeconds), memberMax);
  const filesAdminsOnly = read.boolean(
    'ZKPUSH_FILES_ADMINS_ONLY',
    isTrue(settingOf('ZKPUSH_FILES_ADMINS_ONLY').default),
  );
  const groupsClaim = read.raw('ZKPUSH_AUTH_GROUPS_CLAIM') ?? settingOf('ZKPUSH_AUTH_GROUPS_CLAIM').default;
  const allowedDomains = words(read, 'ZKPUSH_AUTH_ALLOWED_DOMAINS').map((d) => d.toLowerCase().replace(/^@/, ''));
  const adminGroups = words(read, 'ZKPUSH_AUTH_ADMIN_GROUPS');
  const memberGroups = words(read, 'ZKPUSH_AUTH_MEMBER_GROUPS');

  if (sessionIdleSeconds > sessionMaxAgeSeconds) {
    read.fail(
      `ZKPUSH_SESSION_IDLE_TIMEOUT (${sessionIdleSeconds}s) must not exceed ZKPUSH_SESSION_MAX_AGE (${sessionMaxAgeSeconds}s)`,
    );
  }
  if (mode === 'none' && createPolicy !== 'anyone') {
    read.fail(`ZKPUSH_CREATE_POLICY=${createPolicy} needs a way to sign in: set ZKPUSH_AUTH to oidc or trusted-header`);
  }
  if (mode === 'trusted-header' && context.trustedProxyCount === 0) {
    read.fail(
      'ZKPUSH_AUTH=trusted-header needs ZKPUSH_TRUSTED_PROXIES: identity headers are believed only from those peers',
    );
  }
  let oidc: OidcSettings | undefined;
  if (mode === 'oidc') {
    if (issuer === undefined) read.fail('ZKPUSH_AUTH=oidc needs ZKPUSH_OIDC_ISSUER');
    if (clientId === undefined) read.fail('ZKPUSH_AUTH=oidc needs ZKPUSH_OIDC_CLIENT_ID');
    if (redirectUrl === undefined) read.fail('ZKPUSH_AUTH=oidc needs ZKPUSH_OIDC_REDIRECT_URL or ZKPUSH_PUBLIC_URL');
    if (!scopes.includes('openid')) read.fail('ZKPUSH_OIDC_SCOPES must include openid');
    if (issuer !== undefined && clientId !== undefined && redirectUrl !== undefined) {
      oidc = Object.freeze({ issuer, clientId, clientSecret: secret, scopes: Object.freeze(scopes), redirectUrl });
    }
  }
  return Object.freeze({
    mode,
    createPolicy,
    oidc,
    allowedDomains: Object.freeze(allowedDomains),
    groupsClaim,
    adminGroups: Object.freeze(adminGroups),
    memberGroups: Object.freeze(memberGroups),
    trustedHeaders,
    sessionIdleSeconds,
    sessionMaxAgeSeconds,
    tokenMaxExpirySeconds,
    memberExpiryMaxSeconds,
    filesAdminsOnly,
    secureCookies: oidc !== undefined && oidc.redirectUrl.startsWith('https:'),
  });
}
