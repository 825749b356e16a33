/**
 * The sender's side of STREAM (file-stream.ts): turns a file's bytes, as they arrive in pieces of any
 * size (File.stream(), fs.createReadStream), into the exact padded chunk plaintexts sealChunk expects,
 * holding at most one chunk in memory. The zero padding after the file's last byte (§12.3) is produced
 * here, so no caller can forget it.
 */
import { chunkPlainBytes, type BlobLayout } from './file-stream.ts';
import { FILE_CHUNK_BYTES } from '../wire/wire-constants.ts';

/** The source gave more or fewer bytes than the manifest says the file has (it changed on disk). */
export class FileSizeMismatchError extends Error {
  constructor(expected: number, actual: string) {
    super(`the file was expected to have ${expected} bytes but produced ${actual}; was it changed while reading?`);
    this.name = 'FileSizeMismatchError';
  }
}

export type PlainChunk = { index: number; plaintext: Uint8Array };

/**
 * Yields chunks `firstChunk` … n − 1 of a file of `size` bytes with this layout. `source` must start at
 * byte firstChunk · C of the file (a resumed upload reopens the file there); when that is past the
 * file's end (a chunk of padding only) the source must be empty. Throws FileSizeMismatchError when the
 * source ends early or runs past `size`.
 */
export async function* plaintextChunks(
  source: AsyncIterable<Uint8Array>,
  size: number,
  layout: BlobLayout,
  firstChunk = 0,
): AsyncGenerator<PlainChunk> {
  let index = firstChunk;
  const start = firstChunk * FILE_CHUNK_BYTES;
  let offset = start; // file bytes consumed so far (from the file's start)
  if (index >= layout.chunks) return;
  let chunk = new Uint8Array(chunkPlainBytes(layout, index));
  let filled = 0;
  for await (const piece of source) {
    let at = 0;
    if (offset + piece.length > size) throw new FileSizeMismatchError(size, `more than ${size}`);
    while (at < piece.length) {
      const take = Math.min(piece.length - at, chunk.length - filled);
      chunk.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      offset += take;
      if (filled === chunk.length) {
        yield { index, plaintext: chunk };
        index += 1;
        if (index >= layout.chunks) break;
        chunk = new Uint8Array(chunkPlainBytes(layout, index));
        filled = 0;
      }
    }
  }
  // Starting inside the padding, the (empty) source ends where it started.
  if (offset !== Math.max(size, start)) throw new FileSizeMismatchError(size, String(offset));
  // The rest is padding: the partly filled chunk keeps its zeros, later chunks are all zeros.
  while (index < layout.chunks) {
    yield { index, plaintext: chunk };
    index += 1;
    if (index < layout.chunks) chunk = new Uint8Array(chunkPlainBytes(layout, index));
  }
}
