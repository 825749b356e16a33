/**
 * Resolves the principal of every /api and /auth request (principal.ts), in this order:
 * 1. `Authorization: Bearer zkpush.…` — an API token (tokens.ts); unknown, expired or revoked is 401
 *    `token_invalid` at once, so a script never silently runs anonymously. Other bearer values (owner,
 *    upload, download tokens) are left to their routes.
 * 2. ZKPUSH_AUTH=trusted-header — the proxy's identity headers (trusted-header.ts), refused from any
 *    peer that is not a trusted proxy.
 * 3. ZKPUSH_AUTH=oidc — the session cookie (sessions.ts).
 * A cookie-authenticated principal (2, 3) counts for a state-changing request only with its CSRF token
 * (csrf.ts); without it the request goes on as anonymous, carrying the refusal for routes that need a
 * principal.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Role } from '@zkpush/shared/auth-schemas';
import { API_TOKEN_PREFIX } from '@zkpush/shared/auth-schemas';
import type { Clock } from '../clock.ts';
import type { AuthConfig } from '../config/auth-config.ts';
import type { AuthRepo, UserRecord } from '../db/auth-repo.ts';
import { refusalError } from '../http/refusals.ts';
import type { TrustedProxies } from '../net/client-ip.ts';
import { csrfRefusal, TRUSTED_HEADER_CSRF_TOKEN } from './csrf.ts';
import { ANONYMOUS, resolvedOf, setResolved, type Principal, type UserIdentity } from './principal.ts';
import { decideRole } from './role-mapping.ts';
import { isApiToken, newId, sha256Hex } from './secret-token.ts';
import { readSessionCookie, type CookieNames } from './session-cookie.ts';
import type { Sessions } from './sessions.ts';
import type { Tokens } from './tokens.ts';
import { readTrustedHeaders, type ProxyIdentity } from './trusted-header.ts';

/** The issuer recorded for users a trusted proxy names. */
export const TRUSTED_HEADER_ISSUER = 'trusted-header';
/** A proxy-named user's row is refreshed at most this often (each request would otherwise be a write). */
const PROXY_USER_REFRESH_MS = 60_000;
const PROXY_USER_CACHE = 1000;

const BEARER = /^Bearer +(\S+) *$/i;

export function identityOf(user: UserRecord): UserIdentity {
  const role: Role = user.role === 'admin' ? 'admin' : 'member';
  return { id: user.id, email: user.email, emailVerified: user.email_verified === 1, name: user.name, role };
}

/** The API token in Authorization, when it is one (by its prefix); undefined for anything else. */
function apiToken(c: Context): string | undefined {
  const match = BEARER.exec(c.req.header('authorization') ?? '');
  const value = match?.[1];
  return value?.startsWith(API_TOKEN_PREFIX) ? value : undefined;
}

export type PrincipalDeps = Readonly<{
  config: AuthConfig;
  repo: AuthRepo;
  clock: Clock;
  sessions: Sessions;
  tokens: Tokens;
  trustedProxies: TrustedProxies;
  cookies: CookieNames;
}>;

export function resolvePrincipal(deps: PrincipalDeps): MiddlewareHandler {
  const { config } = deps;
  const proxyUsers = new Map<string, { user: UserRecord; at: number }>();

  async function proxyUser(identity: ProxyIdentity): Promise<UserRecord> {
    const decision = decideRole({ ...identity, emailVerified: identity.email !== null }, config);
    if (decision.kind === 'refused') throw refusalError({ kind: 'forbidden_by_policy', message: decision.message });
    const key = sha256Hex(JSON.stringify([identity.subject, identity.email, decision.role]));
    const now = deps.clock.now();
    const cached = proxyUsers.get(key);
    if (cached !== undefined && now - cached.at < PROXY_USER_REFRESH_MS) return cached.user;
    const user = await deps.repo.upsertUser({
      newId: newId(),
      issuer: TRUSTED_HEADER_ISSUER,
      subject: identity.subject,
      email: identity.email,
      // The proxy vouches for the address it sends (it signed the person in); see docs/security.md.
      emailVerified: identity.email !== null,
      name: null,
      role: decision.role,
      now,
    });
    if (proxyUsers.size >= PROXY_USER_CACHE) proxyUsers.clear();
    proxyUsers.set(key, { user, at: now });
    return user;
  }

  async function fromCookieOrHeaders(c: Context): Promise<{ principal: Principal; csrfToken: string } | undefined> {
    if (config.mode === 'trusted-header') {
      const found = readTrustedHeaders(c, config.trustedHeaders, deps.trustedProxies);
      if (found.kind === 'none') return undefined;
      const user = identityOf(await proxyUser(found.identity));
      const csrfToken = TRUSTED_HEADER_CSRF_TOKEN;
      return {
        principal: { kind: 'user', via: 'trusted-header', user, csrfToken, sessionIdHash: undefined },
        csrfToken,
      };
    }
    if (config.mode === 'oidc') {
      const cookie = readSessionCookie(c, deps.cookies);
      if (cookie === undefined) return undefined;
      const session = await deps.sessions.resolve(cookie);
      if (session === undefined) return undefined;
      const { csrfToken } = session;
      const user = identityOf(session.user);
      return { principal: { kind: 'user', via: 'session', user, csrfToken, sessionIdHash: session.idHash }, csrfToken };
    }
    return undefined;
  }

  return async (c, next) => {
    const token = apiToken(c);
    if (token !== undefined) {
      const result = isApiToken(token)
        ? await deps.tokens.authenticate(token)
        : { kind: 'token_invalid' as const, message: 'this is not a well-formed API token' };
      if (result.kind !== 'ok') throw refusalError(result);
      const principal: Principal = {
        kind: 'token',
        token: { id: result.id, scopes: result.scopes },
        user: identityOf(result.user),
      };
      setResolved(c, { principal, refusal: undefined });
      return next();
    }
    const found = await fromCookieOrHeaders(c);
    if (found !== undefined) {
      const refusal = csrfRefusal(c, found.csrfToken);
      setResolved(
        c,
        refusal === undefined ? { principal: found.principal, refusal } : { principal: ANONYMOUS, refusal },
      );
    }
    return next();
  };
}

/** For routes that need someone: the principal, or the right refusal (csrf_failed, or sign_in_required). */
export function requirePrincipal(c: Context): Exclude<Principal, { kind: 'anonymous' }> {
  const { principal, refusal } = resolvedOf(c);
  if (principal.kind !== 'anonymous') return principal;
  if (refusal !== undefined) throw refusalError(refusal);
  throw refusalError({ kind: 'sign_in_required', message: 'sign in (or send an API token) first' });
}
