/**
 * The three requests of an upload (docs/api.md: PUT …/chunks/:file/:chunk, GET …/upload, POST
 * …/finalize), each retried by the rules of transfer-retry.ts, and what their answers mean for the
 * uploader (upload.ts). A chunk that runs out of tries is only an interruption — the uploader asks the
 * server what it holds and resumes — while a refusal (a dead token, a push that is gone, a full disk)
 * ends the upload with the server's code. A finalise whose answer was lost is recognised afterwards.
 */
import type { ApiClient, ApiFailure } from './api-client.ts';
import type { ErrorCode } from '../wire/errors.ts';
import type { UploadStatus } from '../wire/schemas.ts';
import { backoffDelay, isTransient, type RetryPolicy, type Sleep } from './transfer-retry.ts';

/** A failure not worth retrying (or no longer): the upload ends with it (upload.ts UploadResult). */
type RequestFailure =
  | { kind: 'network'; message: string }
  | { kind: 'error'; status: number; code: ErrorCode; message: string }
  | { kind: 'bad_response'; status: number; message: string };

/** A chunk's tries are used up on failures that may heal: a resume may get it through. */
export type Interrupted = { kind: 'interrupted'; message: string };

export type UploadRequestContext = {
  api: Pick<ApiClient, 'uploadChunk' | 'uploadStatus' | 'finalizeUpload' | 'meta'>;
  id: string;
  uploadToken: string;
  retry: RetryPolicy;
  sleep: Sleep;
  random: () => number;
  signal: AbortSignal | undefined;
};

interface UploadRequests {
  /**
   * PUT one sealed chunk, retrying in place. `abandoned` when the signal aborted or `refused()` said
   * the upload is ending anyway (checked before each try); the chunk is then neither sent nor failed.
   */
  putChunk(
    file: number,
    chunk: number,
    sealed: Uint8Array,
    refused: () => boolean,
  ): Promise<{ kind: 'ok' } | { kind: 'abandoned' } | Interrupted | RequestFailure>;
  /** GET …/upload: which chunks the server holds. */
  status(): Promise<{ kind: 'ok'; value: UploadStatus } | { kind: 'cancelled' } | RequestFailure>;
  /** POST …/finalize; `incomplete` when the server is missing chunks (a resume sends them). */
  finalize(): Promise<{ kind: 'ok' } | { kind: 'incomplete' } | { kind: 'cancelled' } | RequestFailure>;
}

/** The tagged result for a failure that is not worth retrying (or no longer is). */
export function failureOf(r: ApiFailure): RequestFailure {
  switch (r.kind) {
    case 'network':
      return { kind: 'network', message: r.message };
    case 'bad_response':
      return { kind: 'bad_response', status: r.status, message: r.message };
    case 'error':
      return { kind: 'error', status: r.status, code: r.code, message: r.message };
  }
}

const describe = (r: ApiFailure): string => (r.kind === 'network' ? r.message : `HTTP ${r.status}: ${r.message}`);

export function createUploadRequests(ctx: UploadRequestContext): UploadRequests {
  const { api, id, uploadToken: token, retry, signal } = ctx;
  const backoff = (attempt: number, r: ApiFailure): Promise<void> =>
    ctx.sleep(backoffDelay(retry, attempt, ctx.random, r.kind === 'error' ? r.retryAfter : undefined), signal);

  return {
    async putChunk(file, chunk, sealed, refused) {
      for (let attempt = 0; ; attempt++) {
        if (signal?.aborted || refused()) return { kind: 'abandoned' };
        const r = await api.uploadChunk(id, file, chunk, sealed, token, signal);
        if (r.kind === 'ok') return { kind: 'ok' };
        if (signal?.aborted) return { kind: 'abandoned' };
        if (!isTransient(r)) return failureOf(r);
        if (attempt + 1 >= retry.attempts) return { kind: 'interrupted', message: describe(r) };
        await backoff(attempt, r);
      }
    },

    async status() {
      for (let attempt = 0; ; attempt++) {
        const r = await api.uploadStatus(id, token);
        if (signal?.aborted) return { kind: 'cancelled' };
        if (r.kind === 'ok') return r;
        if (!isTransient(r) || attempt + 1 >= retry.attempts) return failureOf(r);
        await backoff(attempt, r);
      }
    },

    async finalize() {
      let lostAnswer = false;
      for (let attempt = 0; ; attempt++) {
        const r = await api.finalizeUpload(id, token);
        if (signal?.aborted) return { kind: 'cancelled' };
        if (r.kind === 'ok') return { kind: 'ok' };
        if (r.kind === 'error' && r.code === 'upload_incomplete') return { kind: 'incomplete' };
        // Only this upload token's holder can have finalised it: an earlier try whose answer was lost.
        if (r.kind === 'error' && r.code === 'upload_finalized') return { kind: 'ok' };
        if (isTransient(r)) {
          lostAnswer ||= r.kind === 'network';
          if (attempt + 1 >= retry.attempts) return failureOf(r);
          await backoff(attempt, r);
          continue;
        }
        // The first try may have finalised (and killed the token) with its answer lost on the way.
        if (lostAnswer && (await api.meta(id)).kind === 'ok') return { kind: 'ok' };
        return failureOf(r);
      }
    },
  };
}
