import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken, withCsrf } from '#lib/account/csrf.ts';
import { signInUrl, whoIsSignedIn } from './recipient-account.ts';

/** Answers every fetch with `body` (JSON) and records what was asked. */
function answer(body: unknown, status = 200): RequestInit[] {
  const asked: RequestInit[] = [];
  vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
    asked.push(init);
    return new Response(JSON.stringify(body), { status });
  });
  return asked;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

const user = { id: 'u1', email: 'bob@example.com', emailVerified: true, name: 'Bob', role: 'member' };

describe('whoIsSignedIn (issue 12 §5)', () => {
  it('reads the person and keeps the session CSRF token for the reveal', async () => {
    const asked = answer({ kind: 'user', via: 'session', user, csrfToken: 'c5rf', signOutPath: '/auth/logout' });
    expect(await whoIsSignedIn()).toEqual({ kind: 'user', who: 'bob@example.com' });
    expect(asked[0]?.credentials).toBe('same-origin');
    let sent: Headers | undefined;
    await withCsrf(async (_input, init) => {
      sent = new Headers(init?.headers);
      return new Response(null);
    })('/api/v1/secrets/x/reveal', { method: 'POST' });
    expect(sent?.get('x-csrf-token')).toBe('c5rf');
  });

  it('falls back to the name, and treats anything but a person as not signed in', async () => {
    answer({ kind: 'user', via: 'trusted-header', user: { ...user, email: null }, csrfToken: 'x', signOutPath: null });
    expect(await whoIsSignedIn()).toEqual({ kind: 'user', who: 'Bob' });
    for (const body of [{ kind: 'anonymous' }, { kind: 'user', user, csrfToken: 42 }, 'nonsense', null]) {
      answer(body);
      expect(await whoIsSignedIn()).toEqual({ kind: 'anonymous' });
    }
  });

  it('says when the server cannot be asked', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    expect(await whoIsSignedIn()).toEqual({ kind: 'unreachable' });
  });
});

describe('signInUrl', () => {
  it('returns to the /signed-in page, never to the link', async () => {
    answer({ auth: { mode: 'oidc', signInPath: '/auth/login' } });
    expect(await signInUrl()).toBe('/auth/login?returnTo=%2Fsigned-in');
  });

  it('has none where a proxy signs people in, or the server cannot be asked', async () => {
    answer({ auth: { mode: 'trusted-header', signInPath: null } });
    expect(await signInUrl()).toBeUndefined();
    answer({ auth: { mode: 'oidc', signInPath: 'https://elsewhere.example/login' } });
    expect(await signInUrl()).toBeUndefined();
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('offline')));
    expect(await signInUrl()).toBeUndefined();
  });
});
