/**
 * An in-memory server for the uploader's tests (../transfer/upload.test.ts): it keeps the blobs, so a test can
 * open what was stored with the recipient's opener, and lets a test drop or refuse chosen PUTs and
 * finalises. The sealer is the real one (../crypto/file-stream.ts sealChunk); sleeps are recorded, not slept.
 */
import { expect } from 'vitest';
import type { ApiResult } from '../transfer/api-client.ts';
import { createFileOpener } from '../crypto/file-opener.ts';
import { sealFiles, type FileStreamPlan } from '../crypto/file-push.ts';
import { chunkOffset, sealChunk } from '../crypto/file-stream.ts';
import type { UploadStatus } from '../wire/schemas.ts';
import type { UploadDeps, UploadInput } from '../transfer/upload.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const TOKEN = 'T'.repeat(43);
const OK: ApiResult<null> = { kind: 'ok', value: null };
export const DROPPED: ApiResult<null> = { kind: 'network', message: 'Failed to fetch' };

export function fileBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 7 + seed) % 253;
  return out;
}

/** Pieces of 300 000 bytes from `start`, as File.stream() would hand them over. */
export async function* stream(bytes: Uint8Array, start: number, log?: { read: number }): AsyncGenerator<Uint8Array> {
  for (let at = start; at < bytes.length; at += 300_000) {
    const piece = bytes.subarray(at, Math.min(bytes.length, at + 300_000));
    if (log) log.read += piece.length;
    yield piece;
  }
}

/** Answers PUT number `attempt` of a chunk instead of the server; `store_and_drop` stores it and loses the answer. */
type PutHook = (file: number, chunk: number, attempt: number) => ApiResult<null> | 'store_and_drop' | undefined;

export function uploadHarness(sizes: readonly number[], options: { hook?: PutHook } = {}) {
  const bytes = sizes.map((s, i) => fileBytes(s, i));
  const sealed = sealFiles(sizes.map((size, i) => ({ name: `f${i}`, type: '', size })));
  const plans: FileStreamPlan[] = sealed.plans;
  const blobs = plans.map((p) => new Uint8Array(p.layout.blobBytes));
  const received = plans.map((p) => new Uint8Array(p.layout.chunks));
  const puts: string[] = [];
  const attempts = new Map<string, number>();
  const calls = { status: 0, finalize: 0, meta: 0 };
  let finalized = false;
  let finalizeHook: ((n: number) => ApiResult<null> | 'finalize_and_drop' | undefined) | undefined;
  const sleeps: number[] = [];
  const read = { read: 0 };

  const store = (file: number, chunk: number, data: Uint8Array): void => {
    blobs[file]!.set(data, chunkOffset(chunk));
    received[file]![chunk] = 1;
  };

  const api: UploadDeps['api'] = {
    async uploadChunk(id, file, chunk, data, token) {
      expect([id, token]).toEqual([ID, TOKEN]);
      const key = `${file}/${chunk}`;
      const n = attempts.get(key) ?? 0;
      attempts.set(key, n + 1);
      puts.push(key);
      await Promise.resolve();
      const hooked = options.hook?.(file, chunk, n);
      if (hooked === 'store_and_drop') {
        store(file, chunk, data);
        return DROPPED;
      }
      if (hooked) return hooked;
      if (finalized) return { kind: 'error', status: 409, code: 'upload_incomplete', message: 'finalised' };
      store(file, chunk, data);
      return OK;
    },
    async uploadStatus() {
      calls.status += 1;
      const files = received.map((bits) => {
        const ranges: [number, number][] = [];
        for (let c = 0; c < bits.length; c++) {
          if (!bits[c]) continue;
          const start = c;
          while (c < bits.length && bits[c]) c++;
          ranges.push([start, c]);
        }
        return { chunks: bits.length, received: ranges };
      });
      const value: UploadStatus = { files, complete: false, idleExpiresAt: '2026-11-22T14:05:00.000Z' };
      return { kind: 'ok', value };
    },
    async finalizeUpload() {
      calls.finalize += 1;
      const hooked = finalizeHook?.(calls.finalize);
      if (hooked && hooked !== 'finalize_and_drop') return hooked;
      if (finalized) return { kind: 'error', status: 401, code: 'unauthorized', message: 'no such upload' };
      const missing = received.reduce((n, bits) => n + bits.filter((b) => !b).length, 0);
      if (missing > 0) return { kind: 'error', status: 409, code: 'upload_incomplete', message: `${missing} missing` };
      finalized = true;
      return hooked === 'finalize_and_drop' ? DROPPED : OK;
    },
    async meta() {
      calls.meta += 1;
      return finalized
        ? { kind: 'error', status: 500, code: 'internal_error', message: 'unused in these tests' }
        : { kind: 'error', status: 409, code: 'not_ready', message: 'uploading' };
    },
  };

  const deps: UploadDeps = {
    api,
    seal: async (file, chunk, plaintext) => sealChunk(plans[file]!.keys, plans[file]!.layout, chunk, plaintext),
    open: (file, start) => stream(bytes[file]!, start, read),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  };
  const input: UploadInput = {
    id: ID,
    uploadToken: TOKEN,
    files: plans.map((p) => ({ size: p.entry.size, layout: p.layout })),
  };

  /** Every stored blob opens to the original bytes. */
  const verify = (): void => {
    plans.forEach((p, i) => {
      const opener = createFileOpener(p.keys, p.entry.size, p.layout);
      const step = opener.push(blobs[i]!);
      expect(step.kind).toBe('ok');
      const out = step.kind === 'ok' ? Buffer.concat(step.plaintext) : Buffer.alloc(0);
      expect(opener.finish()).toEqual({ kind: 'ok' });
      expect(out.equals(Buffer.from(bytes[i]!))).toBe(true);
    });
  };

  return {
    deps,
    input,
    plans,
    puts,
    calls,
    sleeps,
    read,
    received,
    verify,
    isFinalized: () => finalized,
    onFinalize: (hook: typeof finalizeHook) => (finalizeHook = hook),
  };
}

/** Every chunk of every file, as `file/chunk`. */
export const chunksOf = (t: { plans: FileStreamPlan[] }): string[] =>
  t.plans.flatMap((p, f) => Array.from({ length: p.layout.chunks }, (_, c) => `${f}/${c}`));
