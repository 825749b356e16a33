/**
 * Who a request is (issue 12 §1–§3): nobody, a signed-in user (by session cookie or a trusted proxy's
 * headers) or an API token acting for its user. http/ middleware resolves it once per request
 * (principal-middleware.ts) and every route reads it with `principalOf`; a route never looks at cookies
 * or Authorization itself. Signing in changes who may do what, never what the server can read.
 *
 * Building on it (my pushes, team view, recipient-bound links): the creator of a push is
 * `principalUserId(p)`; a recipient's identity is a `user` principal whose `user.emailVerified` is true.
 */
import type { Context } from 'hono';
import type { Role, TokenScope } from '@zkpush/shared/auth-schemas';

export type UserIdentity = Readonly<{
  id: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  role: Role;
}>;

export type Principal =
  | Readonly<{ kind: 'anonymous' }>
  | Readonly<{
      kind: 'user';
      via: 'session' | 'trusted-header';
      user: UserIdentity;
      /** The CSRF token this principal's state-changing requests carry (X-CSRF-Token). */
      csrfToken: string;
      /** SHA-256 of the session cookie's secret; undefined for trusted-header. */
      sessionIdHash: string | undefined;
    }>
  | Readonly<{ kind: 'token'; token: Readonly<{ id: string; scopes: readonly TokenScope[] }>; user: UserIdentity }>;

export const ANONYMOUS: Principal = Object.freeze({ kind: 'anonymous' });

/**
 * What the request resolved to. `refusal` is set when credentials were presented but may not be used
 * for this request (a cookie-authenticated state change without its CSRF token): the request goes on
 * as anonymous, and a route that needs a principal answers with the refusal instead of
 * `sign_in_required`.
 */
export type Resolved = Readonly<{
  principal: Principal;
  refusal: { kind: 'csrf_failed'; message: string } | undefined;
}>;

const ANONYMOUS_RESOLVED: Resolved = Object.freeze({ principal: ANONYMOUS, refusal: undefined });

// A context variable, not a map keyed by the Request: Hono's bodyLimit replaces `c.req.raw` with a
// new Request when it has to count a streamed body, and the principal must survive that.
declare module 'hono' {
  interface ContextVariableMap {
    zkpushPrincipal: Resolved;
  }
}

export function setResolved(c: Context, value: Resolved): void {
  c.set('zkpushPrincipal', value);
}

/** The request's principal and refusal; anonymous when sign-in is off. */
export function resolvedOf(c: Context): Resolved {
  return c.get('zkpushPrincipal') ?? ANONYMOUS_RESOLVED;
}

export function principalOf(c: Context): Principal {
  return resolvedOf(c).principal;
}

/** The user a principal acts for (a token's owner), or undefined when anonymous. */
export function principalUserId(principal: Principal): string | undefined {
  return principal.kind === 'anonymous' ? undefined : principal.user.id;
}

/** A signed-in user may do everything their role allows; a token only what its scopes say. */
export function hasScope(principal: Principal, scope: TokenScope): boolean {
  if (principal.kind === 'anonymous') return false;
  return principal.kind === 'user' || principal.token.scopes.includes(scope);
}
