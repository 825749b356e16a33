import { describe, expect, it } from 'vitest';
import { randomBytes } from './crypto.ts';
import {
  blobLayout,
  chunkCipherBytes,
  chunkNonce,
  chunkOffset,
  chunkPlainBytes,
  fileLayout,
  openChunk,
  paddedFileSize,
  sealChunk,
  type FileKeys,
} from './file-stream.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FILE_CHUNK_BYTES as C, MIN_FILE_BUCKET, TAG_BYTES } from '../wire/wire-constants.ts';

const keys = (): FileKeys => ({ fileKey: randomBytes(32), noncePrefix: randomBytes(19) });

describe('layouts', () => {
  it.each([
    // size, padded, chunks
    [0, 512, 1],
    [1, 512, 1],
    [512, 512, 1],
    [513, 544, 1],
    [C, C, 1],
    // Padmé(C + 1): E = 20, S = 5, steps of 2^15.
    [C + 1, C + 32768, 2],
    [3 * C, 3 * C, 3],
    [4 * 2 ** 30, 4 * 2 ** 30, 4096],
  ])('a %i-byte file pads to %i bytes in %i chunk(s)', (size, padded, chunks) => {
    const layout = fileLayout(size);
    expect(layout).toEqual({ size, paddedSize: padded, chunks, blobBytes: padded + chunks * TAG_BYTES });
    expect(paddedFileSize(size)).toBe(padded);
    expect(blobLayout(padded)).toEqual({ paddedSize: padded, chunks, blobBytes: padded + chunks * TAG_BYTES });
  });

  it('chunk lengths add up to the padded size; offsets step by C + 16', () => {
    const layout = fileLayout(C + 1);
    expect(chunkPlainBytes(layout, 0)).toBe(C);
    expect(chunkPlainBytes(layout, 1)).toBe(32768);
    expect(chunkCipherBytes(layout, 1)).toBe(32768 + TAG_BYTES);
    expect(chunkOffset(1)).toBe(C + TAG_BYTES);
    expect(() => chunkPlainBytes(layout, 2)).toThrow(RangeError);
    expect(() => chunkPlainBytes(layout, -1)).toThrow(RangeError);
  });

  it('the server refuses declared sizes that are not padded sizes', () => {
    for (const bad of [0, 1, 511, 513, C + 1, 1.5, -512, Number.NaN, 2 ** 53]) {
      expect(blobLayout(bad)).toBeUndefined();
    }
    expect(blobLayout(MIN_FILE_BUCKET)).toBeDefined();
  });
});

describe('chunk nonces', () => {
  it('are prefix ‖ u32be(counter) ‖ last flag', () => {
    const prefix = Uint8Array.from({ length: 19 }, (_, i) => i);
    expect(bytesToHex(chunkNonce(prefix, 0x01020304, false))).toBe(`${bytesToHex(prefix)}0102030400`);
    expect(bytesToHex(chunkNonce(prefix, 0, true))).toBe(`${bytesToHex(prefix)}0000000001`);
    expect(() => chunkNonce(prefix.subarray(1), 0, true)).toThrow(RangeError);
    expect(() => chunkNonce(prefix, 2 ** 32, true)).toThrow(RangeError);
  });
});

describe('sealChunk / openChunk', () => {
  const layout = fileLayout(2 * C + 5); // 3 chunks: C, C, padded tail
  const k = keys();
  const plain = [0, 1, 2].map((i) => randomBytes(chunkPlainBytes(layout, i)));
  const sealed = plain.map((p, i) => sealChunk(k, layout, i, p));

  it('round-trips every chunk', () => {
    sealed.forEach((s, i) => expect(openChunk(k, layout, i, s)).toEqual(plain[i]));
  });

  it('refuses a chunk at another position (reordering, duplication)', () => {
    expect(openChunk(k, layout, 1, sealed[0]!)).toBeUndefined();
    expect(openChunk(k, layout, 0, sealed[1]!)).toBeUndefined();
  });

  it('refuses a non-final chunk as the last one and the last one early (truncation)', () => {
    const shorter = fileLayout(2 * C); // same first two chunks, but chunk 1 is last here
    expect(openChunk(k, shorter, 1, sealed[1]!)).toBeUndefined();
    const sameTail = sealChunk(k, shorter, 1, plain[1]!);
    expect(openChunk(k, layout, 1, sameTail)).toBeUndefined();
  });

  it('refuses a chunk from another file (splicing) or under another prefix', () => {
    expect(openChunk(keys(), layout, 0, sealed[0]!)).toBeUndefined();
    expect(openChunk({ fileKey: k.fileKey, noncePrefix: randomBytes(19) }, layout, 0, sealed[0]!)).toBeUndefined();
  });

  it('refuses every single bit flip of a chunk', () => {
    const small = fileLayout(10);
    const one = sealChunk(k, small, 0, new Uint8Array(512));
    for (let i = 0; i < one.length; i++) {
      const bad = one.slice();
      bad[i]! ^= 1 << (i % 8);
      expect(openChunk(k, small, 0, bad)).toBeUndefined();
    }
  });

  it('refuses wrong lengths on both sides', () => {
    expect(openChunk(k, layout, 2, sealed[2]!.subarray(1))).toBeUndefined();
    expect(openChunk(k, layout, 3, sealed[2]!)).toBeUndefined();
    expect(() => sealChunk(k, layout, 2, new Uint8Array(1))).toThrow(RangeError);
    expect(() => sealChunk({ ...k, fileKey: new Uint8Array(31) }, layout, 0, plain[0]!)).toThrow(RangeError);
  });
});
