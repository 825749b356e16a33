/**
 * The browser's sign-in endpoints, outside /api because the browser navigates to them:
 *   GET  /auth/login?returnTo=/path   → 302 to the provider (with the sign-in cookie)
 *   GET  /auth/callback?code&state    → 303 to returnTo with the session cookie; 400 oidc_callback_invalid
 *   POST /auth/logout                 → ends the session; `{ redirectTo }`: the provider's end-session
 *                                       URL when it offers one (RP-initiated logout), else `/`
 * Logout is a POST with the CSRF token (a GET could be triggered by any page's <img>).
 */
import { Hono } from 'hono';
import { ApiError } from '../http/api-error.ts';
import { refuseCrossSite } from '../http/middleware/cross-site.ts';
import type { RateLimiter } from '../http/middleware/rate-limit.ts';
import { refusalError } from '../http/refusals.ts';
import { API_CSP } from '../http/routes/api-v1.ts';
import type { Auth } from './auth-service.ts';
import { OidcUnavailableError } from './oidc-client.ts';
import { resolvedOf } from './principal.ts';
import {
  clearSessionCookie,
  readSessionCookie,
  setLoginCookie,
  setSessionCookie,
  takeLoginCookie,
} from './session-cookie.ts';

export function authRoutes(auth: Auth, options: { publicOrigin: string | undefined; limiter: RateLimiter }): Hono {
  const { limiter } = options;
  const routes = new Hono();
  routes.use('*', async (c, next) => {
    await next();
    // As under /api: nothing here may be cached, and a JSON answer rendered as a page can do nothing.
    c.res.headers.set('Cache-Control', 'no-store');
    c.res.headers.set('Content-Security-Policy', API_CSP);
  });
  routes.use('*', refuseCrossSite({ publicOrigin: options.publicOrigin }));
  if (auth.middleware !== undefined) routes.use('*', auth.middleware);

  // Each sign-in writes a row and asks the provider: the `meta` budget bounds how fast one client can.
  routes.get('/login', limiter.limit('meta'), async (c) => {
    const oidc = auth.oidc;
    if (oidc === undefined) throw new ApiError('not_found', 'this server has no OpenID Connect sign-in');
    try {
      const { redirect, state } = await oidc.flow.begin(c.req.query('returnTo'));
      setLoginCookie(c, auth.cookies, state);
      return c.redirect(redirect.href, 302);
    } catch (err) {
      if (err instanceof OidcUnavailableError)
        throw refusalError({ kind: 'sign_in_unavailable', message: err.message });
      throw err;
    }
  });

  routes.get('/callback', limiter.limit('meta'), async (c) => {
    const oidc = auth.oidc;
    if (oidc === undefined) throw new ApiError('not_found', 'this server has no OpenID Connect sign-in');
    const cookieState = takeLoginCookie(c, auth.cookies);
    const result = await oidc.flow.complete(new URL(c.req.url), cookieState);
    switch (result.kind) {
      case 'ok':
        setSessionCookie(c, auth.cookies, result.cookie);
        return c.redirect(result.returnTo, 303);
      case 'invalid':
        throw refusalError({ kind: 'invalid_callback', message: result.message });
      case 'refused':
        throw refusalError({ kind: 'forbidden_by_policy', message: result.message });
      case 'unavailable':
        throw refusalError({ kind: 'sign_in_unavailable', message: result.message });
    }
  });

  routes.post('/logout', async (c) => {
    const { principal, refusal } = resolvedOf(c);
    if (refusal !== undefined) throw refusalError(refusal);
    const cookie = readSessionCookie(c, auth.cookies);
    let redirectTo = '/';
    if (principal.kind === 'user' && principal.via === 'session' && cookie !== undefined) {
      const ended = await auth.sessions.end(cookie);
      const postLogoutRedirect = auth.postLogoutRedirect;
      if (ended !== undefined && auth.oidc !== undefined && postLogoutRedirect !== undefined) {
        const url = await auth.oidc.client.endSessionUrl({ idToken: ended.idToken, postLogoutRedirect });
        if (url !== undefined) redirectTo = url.href;
      }
    }
    clearSessionCookie(c, auth.cookies);
    return c.json({ redirectTo });
  });

  routes.all('*', () => {
    throw new ApiError('not_found', 'no such sign-in endpoint');
  });
  return routes;
}
