/**
 * Typed client for API v1, shared by the web app, the CLI and the tests. Every response body is
 * validated against the schema in `schemas.ts`; failures come back as tagged results, never thrown,
 * so callers must handle "network down", "server said no (code)" and "server spoke nonsense" apart.
 */
import * as v from 'valibot';
import type { ErrorCode, GoneReason } from './errors.ts';
import {
  CreateSecretResponse,
  ErrorBody,
  EventsPage,
  RevealResponse,
  SecretMeta,
  ServerConfig,
  type BurnRequest,
  type CreateSecretRequest,
  type RevealRequest,
} from './schemas.ts';

export type ApiResult<T> =
  | { kind: 'ok'; value: T }
  | {
      kind: 'error';
      status: number;
      code: ErrorCode;
      message: string;
      /** With `gone`: why the push can no longer be revealed. */
      reason?: GoneReason;
      /** Seconds, from a `Retry-After` header (429, 503). */
      retryAfter?: number;
      /** With `wrong_passphrase`: wrong guesses left before the push is destroyed. */
      attemptsLeft?: number;
    }
  | { kind: 'network'; message: string }
  | { kind: 'bad_response'; status: number; message: string };

/** Paging of GET /secrets/:id/events: `after` is a previous page's `nextCursor`. */
export type EventsQuery = { after?: string; limit?: number };

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClient {
  config(): Promise<ApiResult<ServerConfig>>;
  create(body: CreateSecretRequest): Promise<ApiResult<CreateSecretResponse>>;
  meta(id: string): Promise<ApiResult<SecretMeta>>;
  reveal(id: string, body: RevealRequest): Promise<ApiResult<RevealResponse>>;
  expire(id: string, ownerToken: string): Promise<ApiResult<null>>;
  /** A recipient destroys a push it holds the key for (`deletableByViewer`). */
  burn(id: string, body: BurnRequest): Promise<ApiResult<null>>;
  /** The push's state and one page of its audit trail, for the creator (owner token). */
  events(id: string, ownerToken: string, query?: EventsQuery): Promise<ApiResult<EventsPage>>;
}

export function createApiClient(options: { baseUrl?: string; fetch?: FetchLike } = {}): ApiClient {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '') + '/api/v1';
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));

  async function call<T>(schema: v.GenericSchema<unknown, T>, path: string, init: RequestInit): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await doFetch(base + path, {
        ...init,
        // The key lives in the fragment; never let a Referer carry anything either way.
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      return { kind: 'network', message: e instanceof Error ? e.message : String(e) };
    }
    let body: unknown = null;
    const text = await res.text().catch(() => null);
    if (text === null) return { kind: 'network', message: 'connection lost while reading the response' };
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        return { kind: 'bad_response', status: res.status, message: `non-JSON response (HTTP ${res.status})` };
      }
    }
    if (!res.ok) {
      const err = v.safeParse(ErrorBody, body);
      if (!err.success) return { kind: 'bad_response', status: res.status, message: `HTTP ${res.status}` };
      const retry = Number(res.headers.get('retry-after'));
      return {
        kind: 'error',
        status: res.status,
        code: err.output.error.code,
        message: err.output.error.message,
        ...(err.output.error.reason ? { reason: err.output.error.reason } : {}),
        ...(Number.isFinite(retry) && retry > 0 ? { retryAfter: retry } : {}),
        ...(err.output.error.attemptsLeft !== undefined ? { attemptsLeft: err.output.error.attemptsLeft } : {}),
      };
    }
    const parsed = v.safeParse(schema, body);
    if (!parsed.success) {
      return { kind: 'bad_response', status: res.status, message: v.summarize(parsed.issues) };
    }
    return { kind: 'ok', value: parsed.output };
  }

  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const seg = encodeURIComponent;
  const bearer = (ownerToken: string): Record<string, string> => ({ authorization: `Bearer ${ownerToken}` });
  const eventsPath = (id: string, query: EventsQuery): string => {
    const params = new URLSearchParams();
    if (query.after !== undefined) params.set('after', query.after);
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return `/secrets/${seg(id)}/events${qs ? `?${qs}` : ''}`;
  };

  return {
    config: () => call(ServerConfig, '/config', { method: 'GET' }),
    create: (body) => call(CreateSecretResponse, '/secrets', json(body)),
    meta: (id) => call(SecretMeta, `/secrets/${seg(id)}`, { method: 'GET' }),
    reveal: (id, body) => call(RevealResponse, `/secrets/${seg(id)}/reveal`, json(body)),
    // 204 No Content: an empty body parses as null.
    expire: (id, ownerToken) =>
      call(v.null(), `/secrets/${seg(id)}`, { method: 'DELETE', headers: bearer(ownerToken) }),
    burn: (id, body) => call(v.null(), `/secrets/${seg(id)}/burn`, json(body)),
    events: (id, ownerToken, query = {}) =>
      call(EventsPage, eventsPath(id, query), { method: 'GET', headers: bearer(ownerToken) }),
  };
}
