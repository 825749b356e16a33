/** What one file of an open upload still holds in reserve, and the per-process client tag. */
import { describe, expect, test } from 'vitest';
import { blobLayout, paddedFileSize } from '@zkpush/shared/file-stream';
import { FILE_CHUNK_BYTES } from '@zkpush/shared/wire-constants';
import { emptyBitmap, withBit } from '../../db/chunk-bitmap.ts';
import { createClientTagger, unsentBytes } from './client-reservations.ts';

const C = FILE_CHUNK_BYTES;

/** A file of this padded size with these chunks stored. */
function file(paddedSize: number, stored: number[]) {
  const chunks = blobLayout(paddedSize)?.chunks ?? 0;
  let received = emptyBitmap(chunks);
  for (const chunk of stored) received = withBit(received, chunk, true);
  return { padded_size: paddedSize, chunks, received, received_count: stored.length };
}

describe('unsentBytes', () => {
  const padded = paddedFileSize(3 * C + 1); // 4 chunks, the last one short
  const last = padded - 3 * C;

  test('nothing stored: the whole padded size; everything stored: 0', () => {
    expect(unsentBytes(file(padded, []))).toBe(padded);
    expect(unsentBytes(file(padded, [0, 1, 2, 3]))).toBe(0);
    expect(unsentBytes(file(512, []))).toBe(512);
    expect(unsentBytes(file(512, [0]))).toBe(0);
  });

  test('a full chunk gives back C bytes, the short last chunk only its own length', () => {
    expect(unsentBytes(file(padded, [1]))).toBe(padded - C);
    expect(unsentBytes(file(padded, [3]))).toBe(padded - last);
    expect(unsentBytes(file(padded, [0, 3]))).toBe(padded - C - last);
  });
});

describe('createClientTagger', () => {
  test('one key: the same client, the same 32-byte tag; another key: another tag', () => {
    const tag = createClientTagger(new Uint8Array(32).fill(1));
    expect(tag('203.0.113.9')).toEqual(tag('203.0.113.9'));
    expect(tag('203.0.113.9')).toHaveLength(32);
    expect(tag('203.0.113.9')).not.toEqual(tag('203.0.113.10'));
    expect(createClientTagger()('203.0.113.9')).not.toEqual(tag('203.0.113.9'));
  });
});
