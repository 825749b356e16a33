/**
 * The upload's requests against a scripted API: each answer in turn, sleeps recorded not slept, so
 * the retry rules (in place, Retry-After, give up as an interruption or a refusal) and the lost
 * finalise answer are pinned without a server. uploadFiles over a whole server is upload.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ApiResult } from './api-client.ts';
import type { SecretMeta, UploadStatus } from '../wire/schemas.ts';
import { createUploadRequests, failureOf, type UploadRequestContext } from './upload-requests.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const TOKEN = 'T'.repeat(43);
const OK: ApiResult<null> = { kind: 'ok', value: null };
const DROPPED: ApiResult<null> = { kind: 'network', message: 'Failed to fetch' };
const BUSY: ApiResult<null> = {
  kind: 'error',
  status: 503,
  code: 'service_unavailable',
  message: 'busy',
  retryAfter: 7,
};
const GONE: ApiResult<null> = { kind: 'error', status: 410, code: 'gone', message: 'gone', reason: 'deleted' };
const STATUS: UploadStatus = {
  files: [{ chunks: 2, received: [[0, 1]] }],
  complete: false,
  idleExpiresAt: '2026-11-22T14:05:00.000Z',
};
const READY: ApiResult<SecretMeta> = {
  kind: 'ok',
  value: {
    id: ID,
    views: 1,
    viewsLeft: 1,
    createdAt: '2026-11-22T14:05:00.000Z',
    expiresAt: '2026-11-22T15:05:00.000Z',
    flags: { retrievalStep: true, deletableByViewer: false },
    passphrase: null,
    files: [{ paddedSize: 512 }],
  },
};
const UPLOADING: ApiResult<SecretMeta> = { kind: 'error', status: 409, code: 'not_ready', message: 'uploading' };

type Script = {
  put?: ApiResult<null>[];
  status?: ApiResult<UploadStatus>[];
  finalize?: ApiResult<null>[];
  meta?: ApiResult<SecretMeta>;
};

/** Answers each call with the next scripted answer (the last one repeats). */
function scripted(script: Script, signal?: AbortSignal) {
  const calls = { put: 0, status: 0, finalize: 0, meta: 0 };
  const sleeps: number[] = [];
  const next = <T>(answers: T[] | undefined, n: number): T => answers![Math.min(n, answers!.length - 1)]!;
  const ctx: UploadRequestContext = {
    api: {
      async uploadChunk(id, file, chunk, data, token) {
        expect([id, file, chunk, data.length, token]).toEqual([ID, 0, 1, 3, TOKEN]);
        return next(script.put, calls.put++);
      },
      async uploadStatus() {
        return next(script.status, calls.status++);
      },
      async finalizeUpload() {
        return next(script.finalize, calls.finalize++);
      },
      async meta() {
        calls.meta += 1;
        return script.meta ?? UPLOADING;
      },
    },
    id: ID,
    uploadToken: TOKEN,
    retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 15_000 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    signal,
  };
  return { requests: createUploadRequests(ctx), calls, sleeps };
}

const put = (t: ReturnType<typeof scripted>, refused = () => false) =>
  t.requests.putChunk(0, 1, Uint8Array.of(1, 2, 3), refused);

describe('putChunk', () => {
  it('retries a dropped chunk in place with growing delays', async () => {
    const t = scripted({ put: [DROPPED, DROPPED, OK] });
    expect(await put(t)).toEqual({ kind: 'ok' });
    expect(t.calls.put).toBe(3);
    expect(t.sleeps).toEqual([375, 750]);
  });

  it('waits at least as long as Retry-After says', async () => {
    const t = scripted({ put: [BUSY, OK] });
    expect(await put(t)).toEqual({ kind: 'ok' });
    expect(t.sleeps).toEqual([7000]);
  });

  it('is only interrupted when its tries run out on failures that may heal', async () => {
    const t = scripted({ put: [DROPPED, BUSY, { kind: 'bad_response', status: 502, message: 'Bad Gateway' }] });
    expect(await put(t)).toEqual({ kind: 'interrupted', message: 'HTTP 502: Bad Gateway' });
    expect(t.calls.put).toBe(3);
  });

  it('ends at a refusal at once, with its code and without the extras', async () => {
    const t = scripted({ put: [GONE] });
    expect(await put(t)).toEqual({ kind: 'error', status: 410, code: 'gone', message: 'gone' });
    expect(t.sleeps).toEqual([]);
  });

  it('is abandoned, unsent, once the upload is refused elsewhere or cancelled', async () => {
    // Another chunk is refused while this one waits to be retried.
    let checks = 0;
    const t = scripted({ put: [DROPPED] });
    expect(await put(t, () => checks++ > 0)).toEqual({ kind: 'abandoned' });
    expect(t.calls.put).toBe(1);

    const controller = new AbortController();
    controller.abort();
    const cancelled = scripted({ put: [OK] }, controller.signal);
    expect(await put(cancelled)).toEqual({ kind: 'abandoned' });
    expect(cancelled.calls.put).toBe(0);
  });
});

describe('status', () => {
  it('retries failures that may heal and hands back the server’s answer', async () => {
    const t = scripted({ status: [DROPPED, { kind: 'ok', value: STATUS }] });
    expect(await t.requests.status()).toEqual({ kind: 'ok', value: STATUS });
    expect(t.sleeps).toEqual([375]);
  });

  it('gives up after its tries, and at once on a refusal', async () => {
    const down = scripted({ status: [DROPPED] });
    expect(await down.requests.status()).toEqual({ kind: 'network', message: 'Failed to fetch' });
    expect(down.calls.status).toBe(3);
    const gone = scripted({ status: [GONE] });
    expect(await gone.requests.status()).toMatchObject({ kind: 'error', code: 'gone' });
    expect(gone.calls.status).toBe(1);
  });
});

describe('finalize', () => {
  it('says `incomplete` when the server is missing chunks', async () => {
    const incomplete: ApiResult<null> = { kind: 'error', status: 409, code: 'upload_incomplete', message: '1 missing' };
    const t = scripted({ finalize: [incomplete] });
    expect(await t.requests.finalize()).toEqual({ kind: 'incomplete' });
  });

  it('a finalise whose answer was lost is recognised by the push being ready', async () => {
    // The first try finalised and killed the token; its answer never arrived.
    const unauthorized: ApiResult<null> = {
      kind: 'error',
      status: 401,
      code: 'unauthorized',
      message: 'no such upload',
    };
    const t = scripted({ finalize: [DROPPED, unauthorized], meta: READY });
    expect(await t.requests.finalize()).toEqual({ kind: 'ok' });
    expect(t.calls).toMatchObject({ finalize: 2, meta: 1 });
  });

  it('a finalise answered `upload_finalized` after a lost answer counts as done', async () => {
    const finalised: ApiResult<null> = { kind: 'error', status: 409, code: 'upload_finalized', message: 'finalised' };
    const t = scripted({ finalize: [{ kind: 'network', message: 'reset' }, finalised] });
    expect(await t.requests.finalize()).toEqual({ kind: 'ok' });
    expect(t.calls.finalize).toBe(2);
  });

  it('a refusal with no lost answer before it is the upload’s failure, the push not consulted', async () => {
    const t = scripted({ finalize: [GONE], meta: READY });
    expect(await t.requests.finalize()).toMatchObject({ kind: 'error', code: 'gone' });
    expect(t.calls.meta).toBe(0);
  });
});

describe('failureOf', () => {
  it('keeps what the upload result carries and drops the rest', () => {
    expect(failureOf({ kind: 'error', status: 503, code: 'service_unavailable', message: 'm', retryAfter: 3 })).toEqual(
      {
        kind: 'error',
        status: 503,
        code: 'service_unavailable',
        message: 'm',
      },
    );
    expect(failureOf({ kind: 'bad_response', status: 200, message: 'm' })).toEqual({
      kind: 'bad_response',
      status: 200,
      message: 'm',
    });
  });
});
