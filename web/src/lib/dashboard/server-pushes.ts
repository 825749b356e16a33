/**
 * "My pushes" from the server (issue 12 §4; docs/api.md "My pushes and the team view"): the pushes a
 * signed-in person created, from any browser, read and expired through the session — the owner
 * capability is the creator's session, so no owner token is needed. Same origin, with the session
 * cookie; the DELETE carries the session's CSRF token (account/csrf.ts). Every answer is checked
 * against the shared schema and failures keep their error code, so callers decide by code, never by
 * message text. The server gets no label and no link: labels stay in this browser's local list.
 */
import * as v from 'valibot';
import type { ApiResult } from '@zkpush/shared/api-client';
import { PushList, type PushListState } from '@zkpush/shared/push-list-schemas';
import { ErrorBody, EventsPage } from '@zkpush/shared/schemas';
import { withCsrf } from '#lib/account/csrf.ts';
import type { FetchLike } from '@zkpush/shared/api-client';

const fetchInit: RequestInit = { credentials: 'same-origin', cache: 'no-store', referrerPolicy: 'no-referrer' };

/** The fetch behind every call here; tests pass a fake. */
let base: FetchLike = (input, init) => fetch(input, init);
export function setSessionFetch(next: FetchLike): void {
  base = next;
}

/** One JSON call with the session: the shared ApiResult, so dashboard-status.ts reads it as usual. */
export async function sessionCall<T>(
  path: string,
  schema: v.GenericSchema<unknown, T>,
  init: RequestInit = {},
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await withCsrf(base)(path, { ...fetchInit, ...init });
  } catch (e) {
    return { kind: 'network', message: e instanceof Error ? e.message : String(e) };
  }
  const text = await res.text().catch(() => null);
  if (text === null) return { kind: 'network', message: 'response-unreadable' };
  let body: unknown;
  try {
    body = text.length === 0 ? null : JSON.parse(text);
  } catch {
    return { kind: 'bad_response', status: res.status, message: `HTTP ${res.status}` };
  }
  if (!res.ok) {
    const error = v.safeParse(ErrorBody, body);
    if (!error.success) return { kind: 'bad_response', status: res.status, message: `HTTP ${res.status}` };
    const retry = Number(res.headers.get('retry-after'));
    return {
      kind: 'error',
      status: res.status,
      code: error.output.error.code,
      message: error.output.error.message,
      ...(error.output.error.reason ? { reason: error.output.error.reason } : {}),
      ...(Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {}),
    };
  }
  const parsed = v.safeParse(schema, body);
  return parsed.success
    ? { kind: 'ok', value: parsed.output }
    : { kind: 'bad_response', status: res.status, message: v.summarize(parsed.issues) };
}

/** `?a=1&b=2` from the defined values, or ''. */
export function queryString(params: Readonly<Record<string, string | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, value);
  const qs = search.toString();
  return qs ? `?${qs}` : '';
}

const seg = encodeURIComponent;

/** GET /api/v1/my/pushes: newest first, 50 a page. */
export const myPushes = (state: PushListState, cursor?: string): Promise<ApiResult<PushList>> =>
  sessionCall(`/api/v1/my/pushes${queryString({ state, cursor })}`, PushList);

/** The owner's audit trail of one of my pushes, by session (no Authorization header). */
export const myPushEvents = (
  id: string,
  query: { after?: string; limit?: number } = {},
): Promise<ApiResult<EventsPage>> =>
  sessionCall(
    `/api/v1/secrets/${seg(id)}/events${queryString({ after: query.after, limit: query.limit?.toString() })}`,
    EventsPage,
  );

/** Expire one of my pushes now, by session (with X-CSRF-Token); 204. */
export const expireMyPush = (id: string): Promise<ApiResult<null>> =>
  sessionCall(`/api/v1/secrets/${seg(id)}`, v.null(), { method: 'DELETE' });
