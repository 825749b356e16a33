/**
 * The benchmark's input file: `size` random bytes written to disk in pieces (never held whole), with
 * two SHA-256 digests computed on the way — of the file itself (what the encrypted download must
 * reproduce) and of the bare baseline's blob layout (each chunk of file bytes followed by 16 zero
 * bytes where the tag would be, padding included), which the unencrypted download must reproduce.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileLayout, type BlobLayout } from '@zkpush/shared/file-stream';
import { FILE_CHUNK_BYTES, TAG_BYTES } from '@zkpush/shared/wire-constants';

export type BenchFile = { path: string; size: number; layout: BlobLayout; sha256: string; bareSha256: string };

const PIECE = 8 * 1024 * 1024;

export async function writeBenchFile(path: string, size: number): Promise<BenchFile> {
  const layout = fileLayout(size);
  const file = createHash('sha256');
  const bare = createHash('sha256');
  const tag = new Uint8Array(TAG_BYTES);
  const handle = await open(path, 'w', 0o600);
  const piece = new Uint8Array(PIECE); // PIECE is a multiple of the chunk size
  try {
    for (let at = 0; at < layout.paddedSize; at += PIECE) {
      const n = Math.min(PIECE, layout.paddedSize - at);
      const real = Math.max(0, Math.min(n, size - at));
      randomFillSync(piece, 0, real);
      piece.fill(0, real, n); // Padmé padding: zeros, as the chunker makes them
      if (real > 0) {
        await handle.write(piece, 0, real);
        file.update(piece.subarray(0, real));
      }
      for (let c = 0; c < n; c += FILE_CHUNK_BYTES) {
        bare.update(piece.subarray(c, Math.min(n, c + FILE_CHUNK_BYTES)));
        bare.update(tag);
      }
    }
  } finally {
    await handle.close();
  }
  return { path, size, layout, sha256: file.digest('hex'), bareSha256: bare.digest('hex') };
}

export function sha256OfFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path, { highWaterMark: PIECE })
      .on('data', (b) => hash.update(b))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
