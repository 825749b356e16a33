/**
 * The recipient's side of STREAM (file-stream.ts): takes a blob's ciphertext as it arrives, in pieces
 * of any size (a fetch body, an HTTP response), and gives back verified plaintext with the padding cut
 * off, holding at most one chunk. It never releases a byte of a chunk that fails authentication, and
 * `finish` says whether the file is complete — a caller may hand the file to the user only after that.
 */
import { chunkCipherBytes, openChunk, type BlobLayout, type FileKeys } from './file-stream.ts';
import { FILE_CHUNK_BYTES } from './wire-constants.ts';

export type OpenerStep =
  | { kind: 'ok'; plaintext: Uint8Array[] }
  /** Chunk `chunk` is altered, misplaced, from another file, or the key is wrong. */
  | { kind: 'auth_failed'; chunk: number }
  /** Bytes after the last chunk (the blob is longer than the manifest says). */
  | { kind: 'too_long' }
  /** The padding after the file's last byte is not all zero: not something a v1 sender produces. */
  | { kind: 'bad_padding'; chunk: number };

export type OpenerEnd = { kind: 'ok' } | { kind: 'truncated'; chunk: number };

export interface FileOpener {
  push(bytes: Uint8Array): OpenerStep;
  finish(): OpenerEnd;
  /** The next chunk expected: where a resumed download (HTTP Range) must start. */
  readonly nextChunk: number;
  /** Plaintext bytes released so far, counted from the start of the file. */
  readonly released: number;
}

/** Opens chunks `firstChunk` … of a file of exactly `size` bytes with this layout. */
export function createFileOpener(keys: FileKeys, size: number, layout: BlobLayout, firstChunk = 0): FileOpener {
  let index = firstChunk;
  let buffer = index < layout.chunks ? new Uint8Array(chunkCipherBytes(layout, index)) : new Uint8Array(0);
  let filled = 0;
  let failed: OpenerStep | undefined;
  let released = Math.min(size, firstChunk * FILE_CHUNK_BYTES);

  function release(plain: Uint8Array, chunk: number): OpenerStep | Uint8Array {
    const start = chunk * FILE_CHUNK_BYTES;
    const keep = Math.max(0, Math.min(plain.length, size - start));
    for (let i = keep; i < plain.length; i++) if (plain[i] !== 0) return { kind: 'bad_padding', chunk };
    released += keep;
    return plain.subarray(0, keep);
  }

  return {
    push(bytes) {
      if (failed) return failed;
      const out: Uint8Array[] = [];
      let at = 0;
      while (at < bytes.length) {
        if (index >= layout.chunks) return (failed = { kind: 'too_long' });
        const take = Math.min(bytes.length - at, buffer.length - filled);
        buffer.set(bytes.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled < buffer.length) break;
        const plain = openChunk(keys, layout, index, buffer);
        if (plain === undefined) return (failed = { kind: 'auth_failed', chunk: index });
        const kept = release(plain, index);
        if (!(kept instanceof Uint8Array)) return (failed = kept);
        if (kept.length > 0) out.push(kept);
        index += 1;
        filled = 0;
        if (index < layout.chunks) buffer = new Uint8Array(chunkCipherBytes(layout, index));
      }
      return { kind: 'ok', plaintext: out };
    },
    finish() {
      return index === layout.chunks && filled === 0 && !failed ? { kind: 'ok' } : { kind: 'truncated', chunk: index };
    },
    get nextChunk() {
      return index;
    },
    get released() {
      return released;
    },
  };
}
