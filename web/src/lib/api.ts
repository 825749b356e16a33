/**
 * The one API client of the web app: same origin (`/api/v1`), so the CSP's connect-src 'self' holds.
 * It sends the session cookie and, on state-changing requests, the session's CSRF token
 * (account/csrf.ts) — both only once someone has signed in.
 */
import { createApiClient } from '@zkpush/shared/api-client';
import { withCsrf } from '#lib/account/csrf.ts';

export const api = createApiClient({
  credentials: 'same-origin',
  fetch: withCsrf((input, init) => fetch(input, init)),
});
