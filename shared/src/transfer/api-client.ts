/**
 * Typed client for API v1, shared by the web app, the CLI and the tests. Every response body is
 * validated against the schema in `../wire/schemas.ts`; failures come back as tagged results, never thrown,
 * so callers must handle "network down", "server said no (code)" and "server spoke nonsense" apart.
 */
import * as v from 'valibot';
import type { ErrorCode, GoneReason, RateLimitKind } from '../wire/errors.ts';
import {
  CreateSecretResponse,
  ErrorBody,
  EventsPage,
  RevealResponse,
  SecretMeta,
  ServerConfig,
  UploadStatus,
  type BurnRequest,
  type CreateSecretRequest,
  type RevealRequest,
} from '../wire/schemas.ts';

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
      /** With `rate_limited`: which limit was hit. */
      limit?: RateLimitKind;
    }
  | { kind: 'network'; message: string }
  | { kind: 'bad_response'; status: number; message: string };

/** Every way a call can fail: server error code, network, or a response that breaks the schema. */
export type ApiFailure = Exclude<ApiResult<unknown>, { kind: 'ok' }>;

/** An open download: the ciphertext body from byte `start` of the blob, `length` bytes long. */
export type Download = { body: ReadableStream<Uint8Array>; start: number; length: number };

/** Paging of GET /secrets/:id/events: `after` is a previous page's `nextCursor`. */
type EventsQuery = { after?: string; limit?: number };

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
  /**
   * Stores sealed chunk `chunk` of file `file` (idempotent: the same chunk may be sent again).
   * Aborting `signal` cancels the request (it then resolves `network`).
   */
  uploadChunk(
    id: string,
    file: number,
    chunk: number,
    sealed: Uint8Array,
    uploadToken: string,
    signal?: AbortSignal,
  ): Promise<ApiResult<null>>;
  /** Which chunks the server holds, to resume an upload after a dropped connection. */
  uploadStatus(id: string, uploadToken: string): Promise<ApiResult<UploadStatus>>;
  /** Ends the upload: the push becomes revealable once every chunk of every file is stored. */
  finalizeUpload(id: string, uploadToken: string): Promise<ApiResult<null>>;
  /**
   * Opens file `file`'s ciphertext from byte `offset` (a chunk boundary when resuming) with a reveal's
   * download token. The body streams; read it with backpressure and never buffer it whole.
   */
  download(
    id: string,
    file: number,
    downloadToken: string,
    offset?: number,
    signal?: AbortSignal,
  ): Promise<ApiResult<Download>>;
}

/** The same bytes typed as backed by an ArrayBuffer (what fetch bodies take); copies only a shared buffer. */
function ownBuffer(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.buffer instanceof ArrayBuffer
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
}

export function createApiClient(
  options: {
    baseUrl?: string;
    fetch?: FetchLike;
    /**
     * Cookies: `omit` (the default) for every client without sign-in; the web app passes `same-origin`
     * so a signed-in browser's session cookie goes with its requests (issue 12; its CSRF token goes
     * in a header its `fetch` adds).
     */
    credentials?: 'omit' | 'same-origin' | 'include';
  } = {},
): ApiClient {
  const base = (options.baseUrl ?? '').replace(/\/+$/, '') + '/api/v1';
  const seg = encodeURIComponent;
  const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));

  async function send(
    path: string,
    init: RequestInit,
  ): Promise<{ kind: 'response'; res: Response } | { kind: 'network'; message: string }> {
    try {
      const res = await doFetch(base + path, {
        ...init,
        // The key lives in the fragment; never let a Referer carry anything either way.
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        credentials: options.credentials ?? 'omit',
      });
      return { kind: 'response', res };
    } catch (e) {
      return { kind: 'network', message: e instanceof Error ? e.message : String(e) };
    }
  }

  function errorOf(res: Response, body: unknown): ApiFailure {
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
      ...(err.output.error.limit ? { limit: err.output.error.limit } : {}),
    };
  }

  async function readBody(res: Response): Promise<{ kind: 'ok'; body: unknown } | ApiFailure> {
    const text = await res.text().catch(() => null);
    if (text === null) return { kind: 'network', message: 'connection lost while reading the response' };
    if (text.length === 0) return { kind: 'ok', body: null };
    try {
      return { kind: 'ok', body: JSON.parse(text) };
    } catch {
      return { kind: 'bad_response', status: res.status, message: `non-JSON response (HTTP ${res.status})` };
    }
  }

  async function call<T>(schema: v.GenericSchema<unknown, T>, path: string, init: RequestInit): Promise<ApiResult<T>> {
    const sent = await send(path, init);
    if (sent.kind !== 'response') return sent;
    const { res } = sent;
    const read = await readBody(res);
    if (read.kind !== 'ok') return read;
    if (!res.ok) return errorOf(res, read.body);
    const parsed = v.safeParse(schema, read.body);
    if (!parsed.success) {
      return { kind: 'bad_response', status: res.status, message: v.summarize(parsed.issues) };
    }
    return { kind: 'ok', value: parsed.output };
  }

  async function download(
    id: string,
    file: number,
    token: string,
    offset = 0,
    signal?: AbortSignal,
  ): Promise<ApiResult<Download>> {
    const headers: Record<string, string> = { ...bearer(token) };
    if (offset > 0) headers['range'] = `bytes=${offset}-`;
    const sent = await send(`/secrets/${seg(id)}/files/${file}`, {
      method: 'GET',
      headers,
      ...(signal ? { signal } : {}),
    });
    if (sent.kind !== 'response') return sent;
    const { res } = sent;
    if (!res.ok) {
      const read = await readBody(res);
      return read.kind === 'ok' ? errorOf(res, read.body) : read;
    }
    const length = Number(res.headers.get('content-length'));
    const expected = offset > 0 ? 206 : 200;
    if (res.status !== expected || res.body === null || !Number.isSafeInteger(length)) {
      await res.body?.cancel().catch(() => undefined);
      return { kind: 'bad_response', status: res.status, message: `expected HTTP ${expected} with a Content-Length` };
    }
    return { kind: 'ok', value: { body: res.body, start: offset, length } };
  }

  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

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
    uploadChunk: (id, file, chunk, sealed, uploadToken, signal) =>
      call(v.null(), `/secrets/${seg(id)}/files/${file}/chunks/${chunk}`, {
        method: 'PUT',
        headers: { ...bearer(uploadToken), 'content-type': 'application/octet-stream' },
        body: ownBuffer(sealed),
        ...(signal ? { signal } : {}),
      }),
    uploadStatus: (id, uploadToken) =>
      call(UploadStatus, `/secrets/${seg(id)}/upload`, { method: 'GET', headers: bearer(uploadToken) }),
    finalizeUpload: (id, uploadToken) =>
      call(v.null(), `/secrets/${seg(id)}/upload/finalize`, { method: 'POST', headers: bearer(uploadToken) }),
    download,
  };
}
