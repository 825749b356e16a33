/**
 * downloadFile against a fake download endpoint serving a really sealed blob: resumption with Range
 * after drops, every kind of damage, refusals, cancellation, and backpressure from a slow sink —
 * each with the single-threaded opener and with the parallel one (its chunks opened by a fake pool
 * that answers out of order), which must behave the same.
 */
import { describe, expect, it } from 'vitest';
import type { ApiResult, Download } from './api-client.ts';
import { downloadFile, type DownloadDeps, type DownloadInput } from './download.ts';
import { plaintextChunks } from '../crypto/file-chunker.ts';
import { sealFiles } from '../crypto/file-push.ts';
import { openChunk, sealChunk } from '../crypto/file-stream.ts';
import { createParallelOpener } from '../crypto/parallel-opener.ts';
import { FILE_CHUNK_BYTES as C, TAG_BYTES } from '../wire/wire-constants.ts';

const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
const TOKEN = 'D'.repeat(43);

function fileBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 13 + seed) % 251;
  return out;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function sealedFile(size: number) {
  const bytes = fileBytes(size, size % 97);
  const { plans } = sealFiles([{ name: 'f', type: '', size }]);
  const plan = plans[0]!;
  const blob = new Uint8Array(plan.layout.blobBytes);
  let at = 0;
  for await (const { index, plaintext } of plaintextChunks(once(bytes), size, plan.layout)) {
    const sealed = sealChunk(plan.keys, plan.layout, index, plaintext);
    blob.set(sealed, at);
    at += sealed.length;
  }
  return { bytes, plan, blob };
}

type Serve = (
  offset: number,
  n: number,
) => ApiResult<Download> | { body: Uint8Array; dropAfter?: number; length?: number };

/** A body in pieces of 100 000 bytes, optionally erroring after `dropAfter` bytes; counts what is pulled. */
function body(bytes: Uint8Array, dropAfter: number | undefined, pulled: { bytes: number }): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (dropAfter !== undefined && at >= dropAfter) return controller.error(new TypeError('network error'));
        if (at >= bytes.length) return controller.close();
        const end = Math.min(bytes.length, at + 100_000, dropAfter ?? Infinity);
        pulled.bytes += end - at;
        controller.enqueue(bytes.slice(at, end));
        at = end;
      },
    },
    { highWaterMark: 0 },
  );
}

function harness(serve: Serve) {
  const offsets: number[] = [];
  const pulled = { bytes: 0 };
  const sleeps: number[] = [];
  const deps: DownloadDeps = {
    api: {
      async download(id, file, token, offset = 0) {
        expect([id, file, token]).toEqual([ID, 0, TOKEN]);
        offsets.push(offset);
        const answer = serve(offset, offsets.length);
        if ('kind' in answer) return answer;
        const b = body(answer.body.subarray(offset), answer.dropAfter, pulled);
        return {
          kind: 'ok',
          value: { body: b, start: offset, length: (answer.length ?? answer.body.length) - offset },
        };
      },
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  };
  return { deps, offsets, pulled, sleeps };
}

function collector() {
  const parts: Uint8Array[] = [];
  return {
    sink: { write: (b: Uint8Array) => void parts.push(b.slice()) },
    bytes: () => Buffer.concat(parts),
  };
}

type Mode = 'sync' | 'parallel';
const IN_FLIGHT = 3;

function inputOf(f: Awaited<ReturnType<typeof sealedFile>>, sink: DownloadInput['sink'], mode: Mode): DownloadInput {
  const base = { id: ID, file: 0, downloadToken: TOKEN, size: f.plan.entry.size, layout: f.plan.layout, sink };
  if (mode === 'sync') return { ...base, keys: f.plan.keys };
  // Later chunks of each group of three answer first.
  const open = (index: number, cipher: Uint8Array) =>
    new Promise<Uint8Array | undefined>((resolve) =>
      setTimeout(() => resolve(openChunk(f.plan.keys, f.plan.layout, index, cipher)), 3 - (index % 3)),
    );
  return {
    ...base,
    opener: (first) =>
      createParallelOpener({ open, size: base.size, layout: base.layout, firstChunk: first, maxInFlight: IN_FLIGHT }),
  };
}

describe.each<Mode>(['sync', 'parallel'])('downloadFile (%s opener)', (mode) => {
  const input = (f: Awaited<ReturnType<typeof sealedFile>>, sink: DownloadInput['sink']) => inputOf(f, sink, mode);

  it.each([0, 1, C, C + 1, 3 * C + 17])('returns exactly the %i sent bytes, with progress', async (size) => {
    const f = await sealedFile(size);
    const h = harness(() => ({ body: f.blob }));
    const out = collector();
    const progress: number[] = [];
    const result = await downloadFile(h.deps, { ...input(f, out.sink), onProgress: (p) => progress.push(p.bytes) });
    expect(result).toEqual({ kind: 'ok', bytes: size });
    expect(out.bytes().equals(Buffer.from(f.bytes))).toBe(true);
    expect(h.offsets).toEqual([0]);
    expect(progress.at(-1)).toBe(size);
  });

  it('resumes a dropped download with a Range from the first chunk not yet verified', async () => {
    const f = await sealedFile(4 * C + 5);
    // The first response dies in the middle of chunk 2; the second in the middle of chunk 3.
    const h = harness((offset, n) => ({ body: f.blob, ...(n <= 2 ? { dropAfter: (C + TAG_BYTES) * 1.5 } : {}) }));
    const out = collector();
    expect(await downloadFile(h.deps, input(f, out.sink))).toEqual({ kind: 'ok', bytes: 4 * C + 5 });
    expect(h.offsets).toEqual([0, 1 * (C + TAG_BYTES), 2 * (C + TAG_BYTES)]);
    expect(out.bytes().equals(Buffer.from(f.bytes))).toBe(true);
  });

  it('retries a failing request with backoff and gives up with `network` when nothing moves', async () => {
    const f = await sealedFile(10);
    const h = harness(() => ({ kind: 'network', message: 'Failed to fetch' }));
    const result = await downloadFile(h.deps, {
      ...input(f, collector().sink),
      retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    expect(result).toEqual({ kind: 'network', message: 'Failed to fetch' });
    expect(h.offsets).toHaveLength(3);
    expect(h.sleeps).toEqual([75, 150]);
  });

  it('a flipped byte fails verification and nothing of that chunk reaches the sink', async () => {
    const f = await sealedFile(3 * C);
    const damaged = f.blob.slice();
    damaged[(C + TAG_BYTES) * 1 + 1000]! ^= 1;
    const h = harness(() => ({ body: damaged }));
    const out = collector();
    expect(await downloadFile(h.deps, input(f, out.sink))).toEqual({
      kind: 'corrupt',
      reason: 'auth_failed',
      chunk: 1,
    });
    // The parallel opener may drop chunk 0 too when both come back together: never more, never chunk 1.
    const written = out.bytes();
    if (mode === 'sync') expect(written.length).toBe(C);
    else expect(written.length).toBeLessThanOrEqual(C);
    expect(written.equals(Buffer.from(f.bytes.subarray(0, written.length)))).toBe(true);
  });

  it('a blob cut at a chunk boundary, announced or not, is truncated — never complete', async () => {
    const f = await sealedFile(3 * C);
    const cut = f.blob.subarray(0, 2 * (C + TAG_BYTES));
    const announced = harness(() => ({ body: cut }));
    expect(await downloadFile(announced.deps, input(f, collector().sink))).toEqual({
      kind: 'corrupt',
      reason: 'truncated',
    });
    // A server claiming the full length but ending early looks like a drop; it never becomes `ok`.
    const lying = harness(() => ({ body: cut, length: f.blob.length }));
    const result = await downloadFile(lying.deps, {
      ...input(f, collector().sink),
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
    });
    expect(result).toEqual({ kind: 'network', message: 'the response ended early' });
    // Asked for a chunk the stored blob does not have.
    const short = harness(() => ({ kind: 'error', status: 416, code: 'range_not_satisfiable', message: 'range' }));
    expect(await downloadFile(short.deps, input(f, collector().sink))).toEqual({
      kind: 'corrupt',
      reason: 'truncated',
    });
  });

  it('bytes after the last chunk are refused', async () => {
    const f = await sealedFile(10);
    const longer = new Uint8Array(f.blob.length + 1);
    longer.set(f.blob);
    expect(await downloadFile(harness(() => ({ body: longer })).deps, input(f, collector().sink))).toEqual({
      kind: 'corrupt',
      reason: 'too_long',
    });
    const sneaky = harness(() => ({ body: longer, length: f.blob.length }));
    expect(await downloadFile(sneaky.deps, input(f, collector().sink))).toEqual({
      kind: 'corrupt',
      reason: 'too_long',
    });
  });

  it('tells a deleted push and a closed download window apart', async () => {
    const f = await sealedFile(10);
    const gone = harness(() => ({ kind: 'error', status: 410, code: 'gone', message: 'gone', reason: 'deleted' }));
    expect(await downloadFile(gone.deps, input(f, collector().sink))).toEqual({ kind: 'gone' });
    const denied = harness(() => ({ kind: 'error', status: 403, code: 'forbidden', message: 'expired' }));
    expect(await downloadFile(denied.deps, input(f, collector().sink))).toEqual({
      kind: 'denied',
      code: 'forbidden',
    });
  });

  it('waits for a slow sink instead of reading ahead', async () => {
    const f = await sealedFile(6 * C);
    const h = harness(() => ({ body: f.blob }));
    let written = 0;
    let maxAhead = 0;
    const sink = {
      write: async (b: Uint8Array) => {
        await new Promise((r) => setTimeout(r, 1));
        written += b.length;
        maxAhead = Math.max(maxAhead, h.pulled.bytes - written);
      },
    };
    expect(await downloadFile(h.deps, input(f, sink))).toMatchObject({ kind: 'ok' });
    // At most one chunk being framed, plus those opening in the pool.
    const held = mode === 'sync' ? 1 : IN_FLIGHT + 1;
    expect(maxAhead).toBeLessThanOrEqual(held * (C + TAG_BYTES) + 100_000);
  });

  it('stops when the sink refuses, or when cancelled', async () => {
    const f = await sealedFile(3 * C);
    const h = harness(() => ({ body: f.blob }));
    const full = { write: () => Promise.reject(new Error('disk full')) };
    expect(await downloadFile(h.deps, input(f, full))).toEqual({ kind: 'sink_failed', message: 'disk full' });
    const controller = new AbortController();
    const cancelling = { write: () => controller.abort() };
    const result = await downloadFile(harness(() => ({ body: f.blob })).deps, {
      ...input(f, cancelling),
      signal: controller.signal,
    });
    expect(result).toEqual({ kind: 'cancelled' });
  });
});
