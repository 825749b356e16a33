/**
 * Drives the real redirect flow against the test provider (oidc-provider.ts) the way a browser would:
 * zkpush's /auth/login, the provider's redirects with its own cookie jar, its login and consent forms,
 * and back to zkpush's /auth/callback with the sign-in cookie. zkpush itself is driven through
 * `app.request` (signIn) or over HTTP (signInOverHttp: a spawned server or the single executable), the
 * provider through fetch on its loopback port. Only imported by tests (*.test.ts, and tests/ through
 * the `@zkpush/api/testing/sign-in` export).
 */
import type { Hono } from 'hono';

/** `name=value` pairs from Set-Cookie headers, as a browser would store them (attributes dropped). */
export class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = /max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const ZKPUSH_ORIGIN = 'http://localhost';
const MAX_HOPS = 20;

function formOf(html: string, base: string): { action: string; fields: URLSearchParams } | undefined {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  if (action === undefined) return undefined;
  const fields = new URLSearchParams();
  for (const input of html.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name !== undefined) fields.set(name, value);
  }
  return { action: new URL(action.replaceAll('&amp;', '&'), base).href, fields };
}

export type SignInResult = Readonly<{
  /** zkpush's cookies after the callback (the session cookie among them). */
  jar: CookieJar;
  /** The callback URL as the provider sent the browser to it (for replay tests). */
  callbackUrl: string;
  /** The sign-in cookie's value as it was before the callback took it. */
  loginCookie: string;
  callback: Response;
}>;

/**
 * Signs `login` in. With `stopBeforeCallback`, returns before calling zkpush's callback (the
 * `callback` response is then the provider's last redirect).
 */
export function signIn(
  app: Hono,
  login: string,
  options: { returnTo?: string; stopBeforeCallback?: boolean } = {},
): Promise<SignInResult> {
  return signInVia({ origin: ZKPUSH_ORIGIN, request: (url, init) => app.request(url, init) }, login, options);
}

/**
 * The same flow against a zkpush listening at `origin` (a spawned server, the single executable):
 * every request over HTTP, redirects not followed, so each hop's cookies are seen.
 */
export function signInOverHttp(
  origin: string,
  login: string,
  options: { returnTo?: string; stopBeforeCallback?: boolean } = {},
): Promise<SignInResult> {
  const request = (url: string, init?: RequestInit) => fetch(url, { ...init, redirect: 'manual' });
  return signInVia({ origin, request }, login, options);
}

type Zkpush = Readonly<{ origin: string; request(url: string, init?: RequestInit): Response | Promise<Response> }>;

async function signInVia(
  zkpush: Zkpush,
  login: string,
  options: { returnTo?: string; stopBeforeCallback?: boolean },
): Promise<SignInResult> {
  const jar = new CookieJar();
  const providerJar = new CookieJar();
  const query = options.returnTo === undefined ? '' : `?returnTo=${encodeURIComponent(options.returnTo)}`;
  const start = await zkpush.request(`${zkpush.origin}/auth/login${query}`);
  if (start.status !== 302) throw new Error(`/auth/login answered ${start.status}: ${await start.text()}`);
  jar.take(start);
  const loginCookie = jar.get('zkpush-login') ?? '';
  let url = start.headers.get('location') ?? '';
  let post: URLSearchParams | undefined;
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (url.startsWith(`${zkpush.origin}/`)) {
      if (options.stopBeforeCallback === true) {
        return { jar, callbackUrl: url, loginCookie, callback: new Response(null, { status: 302 }) };
      }
      const callback = await zkpush.request(url, { headers: { cookie: jar.header() } });
      jar.take(callback);
      return { jar, callbackUrl: url, loginCookie, callback };
    }
    const res = await fetch(url, {
      redirect: 'manual',
      ...(post === undefined
        ? { headers: { cookie: providerJar.header() } }
        : {
            method: 'POST',
            body: post.toString(),
            headers: { cookie: providerJar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          }),
    });
    providerJar.take(res);
    post = undefined;
    const location = res.headers.get('location');
    if (location !== null) {
      url = new URL(location, url).href;
      continue;
    }
    const html = await res.text();
    const form = formOf(html, url);
    if (form === undefined)
      throw new Error(`the provider answered ${res.status} without a form: ${html.slice(0, 300)}`);
    if (form.fields.has('login')) form.fields.set('login', login);
    if (form.fields.has('password')) form.fields.set('password', 'any');
    url = form.action;
    post = form.fields;
  }
  throw new Error('too many redirects during sign-in');
}
