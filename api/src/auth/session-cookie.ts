/**
 * The session cookie (RFC 6265bis): HttpOnly (no script reads it), SameSite=Lax (not sent on
 * cross-site subrequests, still sent on the top-level navigation back from the provider), Path=/, and
 * behind TLS `Secure` with the `__Host-` prefix, which also forbids a Domain attribute so no sibling
 * host can set or shadow it. No Max-Age: the server's record decides when a session ends, and the
 * browser forgets the cookie when it closes unless it restores sessions.
 *
 * The sign-in cookie carries the `state` of one authorization request and binds the callback to the
 * browser that started it (RFC 9700 §4.7.1, login CSRF); it lives for ten minutes and is scoped to
 * the callback path.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const LOGIN_COOKIE_SECONDS = 600;
export const CALLBACK_PATH = '/auth/callback';

export type CookieNames = Readonly<{ session: string; login: string; secure: boolean }>;

export function cookieNames(secure: boolean): CookieNames {
  return secure
    ? { session: '__Host-zkpush-session', login: '__Secure-zkpush-login', secure }
    : { session: 'zkpush-session', login: 'zkpush-login', secure };
}

export function readSessionCookie(c: Context, names: CookieNames): string | undefined {
  return getCookie(c, names.session);
}

export function setSessionCookie(c: Context, names: CookieNames, value: string): void {
  setCookie(c, names.session, value, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'Lax' });
}

export function clearSessionCookie(c: Context, names: CookieNames): void {
  deleteCookie(c, names.session, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'Lax' });
}

export function setLoginCookie(c: Context, names: CookieNames, state: string): void {
  setCookie(c, names.login, state, {
    path: CALLBACK_PATH,
    httpOnly: true,
    secure: names.secure,
    sameSite: 'Lax',
    maxAge: LOGIN_COOKIE_SECONDS,
  });
}

export function takeLoginCookie(c: Context, names: CookieNames): string | undefined {
  const state = getCookie(c, names.login);
  deleteCookie(c, names.login, { path: CALLBACK_PATH, httpOnly: true, secure: names.secure, sameSite: 'Lax' });
  return state;
}
