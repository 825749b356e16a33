/**
 * The web app's calls for signing in and API tokens (docs/api.md "Sign-in and API tokens"), each
 * answer checked against the shared schema. Same origin, with the session cookie; state-changing calls
 * carry the CSRF token (csrf.ts). A server without sign-in answers /api/v1/me with 404: that is "no
 * account", not an error.
 */
import * as v from 'valibot';
import { CreateTokenResponse, Me, TokenList, type CreateTokenRequest } from '@zkpush/shared/auth-schemas';
import { ErrorBody } from '@zkpush/shared/schemas';
import { withCsrf } from './csrf.ts';

export type Answer<T> = { kind: 'ok'; value: T } | { kind: 'failed'; message: string } | { kind: 'network' };

const fetchInit: RequestInit = { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' };

async function call<T>(path: string, schema: v.GenericSchema<unknown, T>, init: RequestInit = {}): Promise<Answer<T>> {
  let res: Response;
  try {
    res = await withCsrf(fetch)(path, { ...fetchInit, ...init });
  } catch {
    return { kind: 'network' };
  }
  const body: unknown = res.status === 204 ? null : await res.json().catch(() => undefined);
  if (!res.ok) {
    const error = v.safeParse(ErrorBody, body);
    return { kind: 'failed', message: error.success ? error.output.error.message : `HTTP ${res.status}` };
  }
  const parsed = v.safeParse(schema, body);
  return parsed.success ? { kind: 'ok', value: parsed.output } : { kind: 'failed', message: 'unexpected answer' };
}

export async function fetchMe(): Promise<Answer<Me>> {
  let res: Response;
  try {
    res = await fetch('/api/v1/me', fetchInit);
  } catch {
    return { kind: 'network' };
  }
  if (res.status === 404) return { kind: 'ok', value: { kind: 'anonymous' } };
  const parsed = v.safeParse(Me, await res.json().catch(() => undefined));
  return parsed.success ? { kind: 'ok', value: parsed.output } : { kind: 'failed', message: `HTTP ${res.status}` };
}

export const listTokens = (all: boolean): Promise<Answer<TokenList>> =>
  call(`/api/v1/tokens${all ? '?all=1' : ''}`, TokenList);

export const createToken = (request: CreateTokenRequest): Promise<Answer<CreateTokenResponse>> =>
  call('/api/v1/tokens', CreateTokenResponse, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });

export const revokeToken = (id: string): Promise<Answer<null>> =>
  call(`/api/v1/tokens/${encodeURIComponent(id)}`, v.null(), { method: 'DELETE' });

/** Ends the session; the answer says where to go (the provider's sign-out page, or `/`). */
export const signOut = (path: string): Promise<Answer<{ redirectTo: string }>> =>
  call(path, v.object({ redirectTo: v.string() }), { method: 'POST' });

/**
 * The sign-in URL for this page. Only the path goes along — never the fragment (on a reveal page it
 * is the key) and never the query.
 */
export function signInHref(signInPath: string, returnTo: string): string {
  return `${signInPath}?returnTo=${encodeURIComponent(returnTo)}`;
}
