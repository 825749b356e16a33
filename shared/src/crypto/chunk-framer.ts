/**
 * Cuts a blob's ciphertext, arriving in pieces of any size (a fetch body), into its STREAM chunks
 * (docs/wire-format.md §12.3): chunk i is chunkCipherBytes(layout, i) bytes, the last one shorter.
 * Shared by the opener that opens each chunk on the spot (file-opener.ts) and the one that hands
 * chunks to workers (parallel-opener.ts), so both frame a blob exactly alike. Holds at most one
 * partial chunk; every chunk it yields is a fresh buffer of its own (transferable to a worker).
 */
import { chunkCipherBytes, type BlobLayout } from './file-stream.ts';

type FramedChunk = { index: number; cipher: Uint8Array<ArrayBuffer> };

interface ChunkFramer {
  /**
   * The chunks completed by `bytes`, in order. Returns `too_long` (after yielding the chunks before
   * it) when the bytes run past the last chunk of the layout.
   */
  take(bytes: Uint8Array): Generator<FramedChunk, 'ok' | 'too_long'>;
  /** The chunk being filled: every chunk before it was yielded. */
  readonly next: number;
  /** Whether some bytes of chunk `next` arrived. */
  readonly partial: boolean;
}

/** Frames chunks `firstChunk` … of a blob with this layout. */
export function createChunkFramer(layout: BlobLayout, firstChunk = 0): ChunkFramer {
  let index = firstChunk;
  const bufferFor = (i: number) => new Uint8Array(i < layout.chunks ? chunkCipherBytes(layout, i) : 0);
  let buffer = bufferFor(index);
  let filled = 0;

  return {
    *take(bytes) {
      let at = 0;
      while (at < bytes.length) {
        if (index >= layout.chunks) return 'too_long';
        const take = Math.min(bytes.length - at, buffer.length - filled);
        buffer.set(bytes.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled < buffer.length) break;
        const done: FramedChunk = { index, cipher: buffer };
        index += 1;
        filled = 0;
        buffer = bufferFor(index);
        yield done;
      }
      return 'ok';
    },
    get next() {
      return index;
    },
    get partial() {
      return filled > 0;
    },
  };
}
