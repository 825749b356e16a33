import { describe, expect, it } from 'vitest';
import { fileLayout, sealChunk } from './file-stream.ts';
import { createSealedChunks } from './sealed-chunks.ts';

const keys = { fileKey: new Uint8Array(32).fill(1), noncePrefix: new Uint8Array(19).fill(2) };
const layout = fileLayout(600);
const seal = (fill: number) => sealChunk(keys, layout, 0, new Uint8Array(layout.paddedSize).fill(fill));

describe('createSealedChunks', () => {
  it('accepts a chunk sealed again to the same bytes (same plaintext, same key and nonce)', () => {
    const seen = createSealedChunks();
    expect(seen.unchanged(0, 0, seal(7))).toBe(true);
    expect(seen.unchanged(0, 0, seal(7))).toBe(true);
  });

  it('refuses a chunk whose plaintext changed since it was first sealed', () => {
    const seen = createSealedChunks();
    expect(seen.unchanged(0, 0, seal(7))).toBe(true);
    expect(seen.unchanged(0, 0, seal(8))).toBe(false);
    // The first sealing stays the reference: going back to it is fine, the changed one still is not.
    expect(seen.unchanged(0, 0, seal(7))).toBe(true);
    expect(seen.unchanged(0, 0, seal(8))).toBe(false);
  });

  it('keeps chunks and files apart', () => {
    const seen = createSealedChunks();
    expect(seen.unchanged(0, 0, seal(7))).toBe(true);
    expect(seen.unchanged(0, 1, seal(8))).toBe(true);
    expect(seen.unchanged(1, 0, seal(8))).toBe(true);
  });

  it('holds a copy of the tag, not the caller’s buffer', () => {
    const seen = createSealedChunks();
    const sealed = seal(7);
    expect(seen.unchanged(0, 0, sealed)).toBe(true);
    sealed.fill(0);
    expect(seen.unchanged(0, 0, seal(7))).toBe(true);
  });
});
