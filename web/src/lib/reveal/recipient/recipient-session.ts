/**
 * The reveal page's side of a signed-in session for a recipient-bound push (issue 12 §5): the fetch it
 * then uses — same origin with the session cookie and, on reveal and burn, the session's CSRF token
 * (account/csrf.ts, in memory only; recipient-account.ts sets it) — and the sign-in window. The reveal
 * page sends no cookie until this chunk is loaded, only for a push whose metadata says sign-in is needed.
 */
import type { FetchLike } from '@zkpush/shared/api-client';
import { withCsrf } from '#lib/account/csrf.ts';

/** The reveal page's requests once signed in: the cookie goes along, state changes carry the CSRF token. */
export const sessionFetch: FetchLike = (input, init) =>
  withCsrf((i, n) => fetch(i, n))(input, { ...init, credentials: 'same-origin' });

/**
 * Opens sign-in in a window of its own, so this tab — and the key in its memory — stays as it is. The
 * new window loses its `opener` before it leaves this origin: the provider's pages cannot navigate
 * this tab. False when the browser blocked the window (the caller then lets its link open a tab).
 */
export function openSignInWindow(href: string, scope: Window = window): boolean {
  const popup = scope.open('', '_blank', 'popup,width=520,height=720');
  if (popup === null) return false;
  popup.opener = null;
  popup.location.href = new URL(href, scope.location.origin).href;
  return true;
}
