/**
 * uploadFiles against an in-memory server that keeps the blobs (testing/upload-harness.ts), so every
 * test can also open what was stored with the recipient's opener: resumes, refusals, cancellation,
 * the nonce-reuse guard and the memory bound. The requests' own retry rules are upload-requests.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ApiResult } from './api-client.ts';
import { createSealedChunks } from '../crypto/sealed-chunks.ts';
import { chunksOf, DROPPED, fileBytes, stream, uploadHarness as setup } from '../testing/upload-harness.ts';
import { uploadFiles, type UploadDeps, type UploadProgress } from './upload.ts';
import { FILE_CHUNK_BYTES as C } from '../wire/wire-constants.ts';

describe('uploadFiles', () => {
  it('uploads every chunk of every file once, finalises, and reports progress up to the total', async () => {
    const t = setup([0, C + 1, 3 * C + 5]);
    const progress: UploadProgress[] = [];
    const result = await uploadFiles(t.deps, { ...t.input, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ kind: 'ok' });
    expect([...t.puts].sort()).toEqual(chunksOf(t).sort());
    expect(t.calls).toEqual({ status: 0, finalize: 1, meta: 0 });
    t.verify();
    const last = progress.at(-1)!;
    expect(last.phase).toBe('finalizing');
    expect(last.sentBytes).toBe(last.totalBytes);
    expect(last.files.map((f) => f.sentBytes)).toEqual(t.plans.map((p) => p.layout.blobBytes));
    const sentSeq = progress.map((p) => p.sentBytes);
    expect(sentSeq).toEqual([...sentSeq].sort((a, b) => a - b));
  });

  it('holds at most `window` chunks and reads the file only as slots free up', async () => {
    const t = setup([12 * C + 3]);
    let live = 0;
    let maxLive = 0;
    const gates: (() => void)[] = [];
    const api = t.deps.api;
    const deps: UploadDeps = {
      ...t.deps,
      seal: async (file, chunk, plaintext) => {
        live += 1;
        maxLive = Math.max(maxLive, live);
        return t.deps.seal(file, chunk, plaintext);
      },
      api: {
        ...api,
        uploadChunk: async (...args) => {
          await new Promise<void>((resolve) => gates.push(resolve));
          const r = await api.uploadChunk(...args);
          live -= 1;
          return r;
        },
      },
    };
    const done = uploadFiles(deps, { ...t.input, window: 3, concurrency: 2 });
    let maxUnacked = 0;
    for (let rounds = 0; rounds < 1000 && !t.isFinalized(); rounds++) {
      await new Promise((r) => setTimeout(r, 0));
      const ackedBytes = t.received[0]!.reduce((n, b) => n + b, 0) * C;
      maxUnacked = Math.max(maxUnacked, t.read.read - ackedBytes);
      expect(gates.length).toBeLessThanOrEqual(2);
      gates.shift()?.();
    }
    expect(await done).toEqual({ kind: 'ok' });
    expect(maxLive).toBeLessThanOrEqual(3);
    // Read ahead of the acknowledgements by at most the window plus the chunk being filled.
    expect(maxUnacked).toBeLessThanOrEqual(4 * C);
    t.verify();
  });

  it('retries a dropped chunk in place with growing delays', async () => {
    const t = setup([2 * C], { hook: (f, c, n) => (c === 1 && n < 2 ? DROPPED : undefined) });
    expect(await uploadFiles(t.deps, t.input)).toEqual({ kind: 'ok' });
    expect(t.puts.filter((p) => p === '0/1')).toHaveLength(3);
    expect(t.sleeps).toEqual([375, 750]);
    expect(t.calls.status).toBe(0);
    t.verify();
  });

  it('after a dropped connection asks the server what it has and re-sends only the missing chunks', async () => {
    // Chunk 2's bytes arrive but every answer is lost; chunk 3 fails outright until the resume.
    let resumed = false;
    const t = setup([6 * C], {
      hook: (f, c) => {
        if (resumed) return undefined;
        if (c === 2) return 'store_and_drop';
        if (c === 3) return DROPPED;
        return undefined;
      },
    });
    const api = t.deps.api;
    const deps: UploadDeps = {
      ...t.deps,
      api: {
        ...api,
        uploadStatus: (...args) => {
          resumed = true;
          return api.uploadStatus(...args);
        },
      },
    };
    const phases: string[] = [];
    const result = await uploadFiles(deps, { ...t.input, onProgress: (p) => phases.push(p.phase) });
    expect(result).toEqual({ kind: 'ok' });
    expect(t.calls.status).toBe(1);
    expect(phases).toContain('reconnecting');
    // 5 tries each in the first pass; after the status only chunk 3 goes again.
    expect(t.puts.filter((p) => p === '0/2')).toHaveLength(5);
    expect(t.puts.filter((p) => p === '0/3')).toHaveLength(6);
    for (const c of [0, 1, 4, 5]) expect(t.puts.filter((p) => p === `0/${c}`)).toHaveLength(1);
    t.verify();
  });

  it('gives up with `network` when the connection never comes back, after a bounded number of tries', async () => {
    const t = setup([3 * C], { hook: () => DROPPED });
    const result = await uploadFiles(t.deps, { ...t.input, retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 } });
    expect(result).toEqual({ kind: 'network', message: 'Failed to fetch' });
    expect(t.puts.length).toBeLessThanOrEqual(3 * 3 * 3);
    expect(t.calls.finalize).toBe(0);
    expect(Math.max(...t.sleeps)).toBeLessThanOrEqual(40);
  });

  it('stops at the first refusal with its code, and never finalises', async () => {
    const gone: ApiResult<null> = { kind: 'error', status: 410, code: 'gone', message: 'gone', reason: 'deleted' };
    const t = setup([8 * C], { hook: (f, c) => (c >= 2 ? gone : undefined) });
    const result = await uploadFiles(t.deps, { ...t.input, window: 2, concurrency: 1 });
    expect(result).toEqual({ kind: 'error', status: 410, code: 'gone', message: 'gone' });
    expect(t.calls.finalize).toBe(0);
    expect(t.puts.length).toBeLessThanOrEqual(4);
  });

  it('is cancelled by its signal: nothing more is read, sent or finalised', async () => {
    const t = setup([20 * C]);
    const controller = new AbortController();
    const seal: UploadDeps['seal'] = (f, c, p) => {
      if (c === 3) controller.abort();
      return t.deps.seal(f, c, p);
    };
    const result = await uploadFiles({ ...t.deps, seal }, { ...t.input, signal: controller.signal, window: 4 });
    expect(result).toEqual({ kind: 'cancelled' });
    expect(t.calls.finalize).toBe(0);
    expect(t.read.read).toBeLessThanOrEqual(6 * C);
  });

  it('a sealer that never answers does not outlive the cancel', async () => {
    const t = setup([C]);
    const controller = new AbortController();
    const pending = uploadFiles(
      { ...t.deps, seal: () => new Promise<Uint8Array>(() => undefined) },
      { ...t.input, signal: controller.signal },
    );
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    expect(await pending).toEqual({ kind: 'cancelled' });
  });

  it('reports a file that cannot be read or changed size, and a failing sealer', async () => {
    const t = setup([C + 10, 100]);
    const shorter = {
      ...t.deps,
      open: (file: number, start: number) => stream(fileBytes(file ? 99 : C + 10, 0), start),
    };
    expect(await uploadFiles(shorter, t.input)).toMatchObject({ kind: 'read_failed', file: 1 });
    const broken: UploadDeps = {
      ...t.deps,
      open: () => ({
        [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('NotReadableError')) }),
      }),
    };
    expect(await uploadFiles(broken, t.input)).toEqual({ kind: 'read_failed', file: 0, message: 'NotReadableError' });
    const failing = { ...t.deps, seal: () => Promise.reject(new Error('worker stopped')) };
    expect(await uploadFiles(failing, t.input)).toMatchObject({ kind: 'seal_failed', message: 'worker stopped' });
  });

  it('a chunk re-read with other content after a dropped connection is refused, never sent again', async () => {
    // Chunk 1 is sent and the connection drops (the server may have seen its bytes without storing
    // them); then the file changes on disk before the resumed pass re-reads chunk 1. Sealing it again
    // would reuse its nonce for other plaintext.
    let changed = false;
    const t = setup([3 * C], { hook: (f, c, attempt) => (c === 1 && attempt === 0 ? DROPPED : undefined) });
    const first = t.deps.open;
    const deps: UploadDeps = {
      ...t.deps,
      open: (file, start) => (changed ? stream(fileBytes(3 * C, 99), start) : first(file, start)),
      api: {
        ...t.deps.api,
        uploadStatus: (...args) => {
          changed = true;
          return t.deps.api.uploadStatus(...args);
        },
      },
    };
    const result = await uploadFiles(deps, { ...t.input, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(result).toEqual({
      kind: 'read_failed',
      file: 0,
      message: 'the file changed while it was being uploaded (chunk 1 differs from the first read)',
    });
    expect(t.puts.filter((p) => p === '0/1')).toHaveLength(1);
    expect(t.calls.finalize).toBe(0);
  });

  it('remembers what it sealed across calls given the same `sealedChunks` (a resume)', async () => {
    const t = setup([2 * C], { hook: (f, c) => (c === 1 ? DROPPED : undefined) });
    const sealedChunks = createSealedChunks();
    const once = { ...t.input, sealedChunks, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } };
    expect((await uploadFiles(t.deps, once)).kind).toBe('network');
    const changed: UploadDeps = { ...t.deps, open: (file, start) => stream(fileBytes(2 * C, 99), start) };
    expect(await uploadFiles(changed, { ...once, resume: true })).toMatchObject({ kind: 'read_failed', file: 0 });
    expect(t.calls.finalize).toBe(0);
  });

  it('with `resume` starts from the server’s status and sends only what is missing', async () => {
    const t = setup([4 * C]);
    t.received[0]!.set([1, 1, 0, 1]);
    const result = await uploadFiles(t.deps, { ...t.input, resume: true });
    expect(result).toEqual({ kind: 'ok' });
    expect(t.puts).toEqual(['0/2']);
  });

  it('a finalise answered `upload_incomplete` resumes the missing chunks first', async () => {
    const t = setup([2 * C]);
    t.onFinalize((n) => {
      if (n === 1) t.received[0]![1] = 0; // the server lost chunk 1 (say, a crash before fsync)
      return undefined;
    });
    expect(await uploadFiles(t.deps, t.input)).toEqual({ kind: 'ok' });
    expect(t.calls).toMatchObject({ status: 1, finalize: 2 });
    expect(t.puts.filter((p) => p === '0/1')).toHaveLength(2);
  });

  it('refuses a status that does not describe this push', async () => {
    const t = setup([10]);
    const deps: UploadDeps = {
      ...t.deps,
      api: {
        ...t.deps.api,
        uploadStatus: async () => ({
          kind: 'ok',
          value: { files: [{ chunks: 2, received: [] }], complete: false, idleExpiresAt: '2026-11-22T14:05:00.000Z' },
        }),
      },
    };
    expect(await uploadFiles(deps, { ...t.input, resume: true })).toMatchObject({ kind: 'bad_response' });
  });
});
