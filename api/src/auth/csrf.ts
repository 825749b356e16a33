/**
 * CSRF protection for requests a browser authenticates with a cookie (the session, or an
 * authenticating proxy's own cookie in trusted-header mode). Two layers:
 * - http/middleware/cross-site.ts already refuses state-changing requests whose Origin or
 *   Sec-Fetch-Site says another site sent them;
 * - here, every state-changing request must also carry `X-CSRF-Token` equal to the principal's token
 *   (sessions.ts derives it from the session; GET /api/v1/me hands it to the page). A custom header
 *   cannot be sent cross-origin without a CORS preflight this server never grants, and the value cannot
 *   be guessed without the HttpOnly cookie (OWASP CSRF Prevention Cheat Sheet, "Synchronizer Token" and
 *   "Custom Request Headers").
 */
import type { Context } from 'hono';
import { sameSecret } from './secret-token.ts';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** In trusted-header mode there is no session to derive from: the header's presence (and the origin check) is the defence. */
export const TRUSTED_HEADER_CSRF_TOKEN = 'trusted-header';

export function isStateChanging(c: Context): boolean {
  return !SAFE_METHODS.has(c.req.method);
}

/** undefined when the request may use the cookie's principal; the refusal otherwise. */
export function csrfRefusal(c: Context, expected: string): { kind: 'csrf_failed'; message: string } | undefined {
  if (!isStateChanging(c)) return undefined;
  const sent = c.req.header(CSRF_HEADER);
  if (sent !== undefined && sameSecret(sent, expected)) return undefined;
  return {
    kind: 'csrf_failed',
    message:
      sent === undefined
        ? 'this signed-in request needs the X-CSRF-Token header (from GET /api/v1/me)'
        : 'the X-CSRF-Token header does not match this session',
  };
}
