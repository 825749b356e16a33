/**
 * Who this browser is signed in as, for a recipient-bound push (issue 12 §5), and the fetch the reveal
 * page then uses: same origin with the session cookie and, on reveal and burn, the session's CSRF token
 * (account/csrf.ts, in memory only). The reveal page itself sends no cookie until this module is loaded
 * — only for a push whose metadata says sign-in is needed (docs/performance.md "Light pages").
 */
import * as v from 'valibot';
import type { FetchLike } from '@zkpush/shared/api-client';
import { ServerConfig } from '@zkpush/shared/schemas';
import { fetchMe, signInHref } from '#lib/account/account-client.ts';
import { setCsrfToken, withCsrf } from '#lib/account/csrf.ts';
import { SIGNED_IN_PATH } from './sign-in-channel.ts';

export type Signed = { kind: 'user'; who: string } | { kind: 'anonymous' } | { kind: 'unreachable' };

/** Asks the server who this browser is; a signed-in session's CSRF token is kept for `sessionFetch`. */
export async function whoIsSignedIn(): Promise<Signed> {
  const me = await fetchMe();
  if (me.kind !== 'ok') return { kind: 'unreachable' };
  if (me.value.kind !== 'user') return { kind: 'anonymous' };
  setCsrfToken(me.value.csrfToken);
  const { user } = me.value;
  return { kind: 'user', who: user.email ?? user.name ?? user.id };
}

/** The reveal page's requests once signed in: the cookie goes along, state changes carry the CSRF token. */
export const sessionFetch: FetchLike = (input, init) =>
  withCsrf((i, n) => fetch(i, n))(input, { ...init, credentials: 'same-origin' });

/**
 * Where sign-in starts, ending on the `/signed-in` page; undefined when this server signs people in
 * elsewhere (an authenticating proxy) or cannot be asked. Only a path goes along, never the fragment.
 */
export async function signInUrl(): Promise<string | undefined> {
  const init: RequestInit = { cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' };
  const config = await fetch('/api/v1/config', init)
    .then(async (res) => v.safeParse(ServerConfig, await res.json()))
    .catch(() => undefined);
  const path = config?.success === true ? config.output.auth?.signInPath : undefined;
  return path === undefined || path === null ? undefined : signInHref(path, SIGNED_IN_PATH);
}

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
