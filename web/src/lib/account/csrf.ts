/**
 * The CSRF token of the signed-in session (GET /api/v1/me hands it over), added as `X-CSRF-Token` to
 * every state-changing request the page makes; the server refuses such a request authenticated by the
 * session cookie without it (docs/security.md "Sign-in"). Kept in memory only — never in web storage.
 */
import type { FetchLike } from '@zkpush/shared/api-client';

let token: string | null = null;

export function setCsrfToken(value: string | null): void {
  token = value;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function withCsrf(base: FetchLike): FetchLike {
  return (input, init) => {
    const method = (init?.method ?? 'GET').toUpperCase();
    if (token === null || SAFE.has(method)) return base(input, init);
    const headers = new Headers(init?.headers);
    headers.set('x-csrf-token', token);
    return base(input, { ...init, headers });
  };
}
