/**
 * Test bytes for file pushes: deterministic content that differs per seed (so a chunk in the wrong
 * place cannot pass as the right one) and the SHA-256 that tests compare received files by.
 * Only imported by *.test.ts files.
 */
import { createHash } from 'node:crypto';

/** `size` deterministic bytes, different per seed. */
export function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
