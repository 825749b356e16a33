import { describe, expect, it } from 'vitest';
import { blobChunks, blobOpener } from './blob-source.ts';

async function collect(it: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of it) parts.push(p);
  return Buffer.concat(parts);
}

describe('blob sources', () => {
  const bytes = new Uint8Array(200_000).map((_, i) => i % 251);
  const blob = new Blob([bytes]);

  it('yields every byte, and from an offset', async () => {
    expect((await collect(blobChunks(blob))).equals(Buffer.from(bytes))).toBe(true);
    expect((await collect(blobOpener([blob])(0, 150_000))).equals(Buffer.from(bytes.subarray(150_000)))).toBe(true);
    expect((await collect(blobOpener([blob])(0, 300_000))).length).toBe(0);
  });

  it('can be left early', async () => {
    for await (const piece of blobChunks(blob)) {
      expect(piece.length).toBeGreaterThan(0);
      break;
    }
  });
});
