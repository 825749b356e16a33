/** plaintextChunks + sealChunk → createFileOpener, end to end over random sizes and random splits. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomBytes } from './crypto.ts';
import { FileSizeMismatchError, plaintextChunks } from './file-chunker.ts';
import { createFileOpener } from './file-opener.ts';
import { fileLayout, sealChunk, type FileKeys } from './file-stream.ts';
import { FILE_CHUNK_BYTES as C } from '../wire/wire-constants.ts';

/** Deterministic file bytes (cheap to make, different in every chunk). */
function fileBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) % 251;
  return out;
}

/** The bytes in pieces of the given sizes (cycled), as File.stream() or a socket would deliver them. */
async function* pieces(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length] ?? 1);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

async function sealAll(bytes: Uint8Array, keys: FileKeys, sizes: readonly number[]): Promise<Uint8Array[]> {
  const layout = fileLayout(bytes.length);
  const out: Uint8Array[] = [];
  for await (const { index, plaintext } of plaintextChunks(pieces(bytes, sizes), bytes.length, layout)) {
    expect(index).toBe(out.length);
    out.push(sealChunk(keys, layout, index, plaintext));
  }
  expect(out).toHaveLength(layout.chunks);
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Opens a blob fed in pieces of the given sizes; returns the plaintext or the failure. */
function openAll(blob: Uint8Array, size: number, keys: FileKeys, sizes: readonly number[]) {
  const opener = createFileOpener(keys, size, fileLayout(size));
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < blob.length; i++) {
    const n = Math.max(1, sizes[i % sizes.length] ?? 1);
    const step = opener.push(blob.subarray(at, at + n));
    if (step.kind !== 'ok') return step;
    out.push(...step.plaintext);
    at += n;
  }
  const end = opener.finish();
  return end.kind === 'ok' ? { kind: 'ok' as const, bytes: concat(out), released: opener.released } : end;
}

const keys = (): FileKeys => ({ fileKey: randomBytes(32), noncePrefix: randomBytes(19) });
const SIZES = [0, 1, 511, 512, 513, C - 1, C, C + 1, 2 * C + 7];

describe('file streams round-trip', () => {
  it.each(SIZES)('a %i-byte file', async (size) => {
    const k = keys();
    const bytes = fileBytes(size, size);
    const blob = concat(await sealAll(bytes, k, [65536]));
    expect(blob.length).toBe(fileLayout(size).blobBytes);
    const opened = openAll(blob, size, k, [100_000]);
    expect(opened.kind).toBe('ok');
    if (opened.kind === 'ok') {
      expect(opened.bytes).toEqual(bytes);
      expect(opened.released).toBe(size);
    }
  });

  it('for random sizes and random piece sizes on both sides (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: 0, max: 4096 }), fc.integer({ min: C - 600, max: 2 * C + 600 })),
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 300_000 }), { minLength: 1, maxLength: 5 }),
        async (size, inSizes, outSizes) => {
          const k = keys();
          const bytes = fileBytes(size, inSizes[0] ?? 0);
          const opened = openAll(concat(await sealAll(bytes, k, inSizes)), size, k, outSizes);
          return opened.kind === 'ok' && Buffer.from(opened.bytes).equals(Buffer.from(bytes));
        },
      ),
      { numRuns: 25 },
    );
  });

  it('resumes: an opener started at chunk n reads the blob from chunkOffset(n)', async () => {
    const size = 2 * C + 100;
    const k = keys();
    const bytes = fileBytes(size, 3);
    const chunks = await sealAll(bytes, k, [C]);
    const opener = createFileOpener(k, size, fileLayout(size), 1);
    expect(opener.released).toBe(C);
    const step = opener.push(concat(chunks.slice(1)));
    expect(step.kind).toBe('ok');
    if (step.kind === 'ok') expect(concat(step.plaintext)).toEqual(bytes.subarray(C));
    expect(opener.finish()).toEqual({ kind: 'ok' });
  });

  it('resumes inside the padding: a chunk past the file end comes from an empty source', async () => {
    // Padmé leaves whole chunks of padding after some sizes: find one.
    let size = 8 * C + 1;
    while (Math.floor(size / C) + 1 >= fileLayout(size).chunks) size += C / 2;
    const layout = fileLayout(size);
    const first = Math.floor(size / C) + 1;
    const k = keys();
    const resumed: Uint8Array[] = [];
    for await (const { index, plaintext } of plaintextChunks(pieces(new Uint8Array(0), [1]), size, layout, first)) {
      resumed.push(sealChunk(k, layout, index, plaintext));
    }
    expect(resumed).toHaveLength(layout.chunks - first);
    const opener = createFileOpener(k, size, layout, first);
    expect(opener.push(concat(resumed))).toEqual({ kind: 'ok', plaintext: [] });
    expect(opener.finish()).toEqual({ kind: 'ok' });
    // Bytes from a source that should have been empty are refused.
    const drain = async () => {
      for await (const c of plaintextChunks(pieces(Uint8Array.of(1), [1]), size, layout, first)) void c;
    };
    await expect(drain()).rejects.toBeInstanceOf(FileSizeMismatchError);
  });
});

describe('file streams refuse', () => {
  const size = 2 * C + 9;
  const k = keys();
  const sealed = sealAll(fileBytes(size, 9), k, [C]);

  it('a blob cut at a chunk boundary (truncation) or inside a chunk', async () => {
    const chunks = await sealed;
    expect(openAll(concat(chunks.slice(0, 2)), size, k, [C])).toEqual({ kind: 'truncated', chunk: 2 });
    const cut = concat(chunks);
    expect(openAll(cut.subarray(0, cut.length - 1), size, k, [C])).toEqual({ kind: 'truncated', chunk: 2 });
  });

  it('reordered or duplicated chunks', async () => {
    const [a, b, c] = await sealed;
    expect(openAll(concat([b!, a!, c!]), size, k, [C])).toEqual({ kind: 'auth_failed', chunk: 0 });
    expect(openAll(concat([a!, a!, c!]), size, k, [C])).toEqual({ kind: 'auth_failed', chunk: 1 });
  });

  it('chunks spliced in from another file of the same size', async () => {
    const other = await sealAll(fileBytes(size, 10), keys(), [C]);
    const [a, , c] = await sealed;
    expect(openAll(concat([a!, other[1]!, c!]), size, k, [C])).toEqual({ kind: 'auth_failed', chunk: 1 });
  });

  it('bytes after the last chunk', async () => {
    expect(openAll(concat([...(await sealed), Uint8Array.of(0)]), size, k, [C])).toEqual({ kind: 'too_long' });
  });

  it('a flipped bit, without releasing the damaged chunk', async () => {
    const blob = concat(await sealed);
    blob[C + 16 + 5]! ^= 0x80;
    const opener = createFileOpener(k, size, fileLayout(size));
    expect(opener.push(blob).kind).toBe('auth_failed');
    expect(opener.released).toBe(C);
    expect(opener.push(new Uint8Array(1))).toEqual({ kind: 'auth_failed', chunk: 1 });
  });

  it('non-zero padding (not something a v1 sender makes)', () => {
    const layout = fileLayout(10);
    const plain = new Uint8Array(512);
    plain[100] = 1;
    const opener = createFileOpener(k, 10, layout);
    expect(opener.push(sealChunk(k, layout, 0, plain))).toEqual({ kind: 'bad_padding', chunk: 0 });
  });

  it('a source that is shorter or longer than the size it claimed', async () => {
    const layout = fileLayout(1000);
    const drain = async (bytes: Uint8Array) => {
      for await (const chunk of plaintextChunks(pieces(bytes, [300]), 1000, layout)) void chunk;
    };
    await expect(drain(fileBytes(999, 1))).rejects.toBeInstanceOf(FileSizeMismatchError);
    await expect(drain(fileBytes(1001, 1))).rejects.toBeInstanceOf(FileSizeMismatchError);
  });
});
