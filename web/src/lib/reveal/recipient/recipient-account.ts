/**
 * Who this browser is signed in as, for a recipient-bound push (issue 12 §5), and where sign-in starts.
 * The answers of GET /api/v1/me and /api/v1/config (shapes: shared/src/wire/auth-schemas.ts `Me`,
 * `AuthInfo`) are narrowed field by field here, as early-meta.ts does, instead of with valibot: a
 * recipient chunk importing the shared schemas made the bundler split them, with valibot, out of the
 * reveal page's one chunk (rolldown#10731) — a second request and over 1 KiB more on the page's
 * 40 KiB budget. Only the fields used are read; anything else reads as "not signed in".
 */
import { setCsrfToken } from '#lib/account/csrf.ts';
import { SIGNED_IN_PATH } from './sign-in-channel.ts';

export type Signed = { kind: 'user'; who: string } | { kind: 'anonymous' } | { kind: 'unreachable' };

const init: RequestInit = { cache: 'no-store', referrerPolicy: 'no-referrer' };

async function json(path: string, credentials: RequestCredentials): Promise<unknown> {
  const res = await fetch(path, { ...init, credentials });
  return res.ok ? res.json() : undefined;
}

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null ? Reflect.get(value, name) : undefined;
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Asks the server who this browser is; a signed-in session's CSRF token is kept for `sessionFetch`. */
export async function whoIsSignedIn(): Promise<Signed> {
  let me: unknown;
  try {
    me = await json('/api/v1/me', 'same-origin');
  } catch {
    return { kind: 'unreachable' };
  }
  const user = field(me, 'user');
  const who = text(field(user, 'email')) ?? text(field(user, 'name')) ?? text(field(user, 'id'));
  const csrfToken = field(me, 'csrfToken');
  if (field(me, 'kind') !== 'user' || who === undefined || (csrfToken !== null && typeof csrfToken !== 'string')) {
    return { kind: 'anonymous' };
  }
  setCsrfToken(csrfToken);
  return { kind: 'user', who };
}

/**
 * Where sign-in starts (`/auth/login?returnTo=/signed-in`, as account-client.ts `signInHref` builds it):
 * only a path goes along, never this page's fragment. Undefined when this server signs people in
 * elsewhere (an authenticating proxy) or cannot be asked.
 */
export async function signInUrl(): Promise<string | undefined> {
  const path = text(field(field(await json('/api/v1/config', 'omit').catch(() => undefined), 'auth'), 'signInPath'));
  return path?.startsWith('/') === true ? `${path}?returnTo=${encodeURIComponent(SIGNED_IN_PATH)}` : undefined;
}
