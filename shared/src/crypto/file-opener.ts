/**
 * The recipient's side of STREAM (file-stream.ts): takes a blob's ciphertext as it arrives, in pieces
 * of any size (a fetch body, an HTTP response), and gives back verified plaintext with the padding cut
 * off, holding at most one chunk. It never releases a byte of a chunk that fails authentication, and
 * `finish` says whether the file is complete — a caller may hand the file to the user only after that.
 *
 * `ChunkOpening` is the step downloadFile (../transfer/download.ts) injects: this opener opens every chunk on the
 * calling thread (the CLI, tests); parallel-opener.ts opens them in workers and releases them in the
 * same order under the same rules.
 */
import { createChunkFramer } from './chunk-framer.ts';
import { openChunk, type BlobLayout, type FileKeys } from './file-stream.ts';
import { FILE_CHUNK_BYTES } from '../wire/wire-constants.ts';

export type OpenerStep =
  | { kind: 'ok'; plaintext: Uint8Array[] }
  /** Chunk `chunk` is altered, misplaced, from another file, or the key is wrong. */
  | { kind: 'auth_failed'; chunk: number }
  /** Bytes after the last chunk (the blob is longer than the manifest says). */
  | { kind: 'too_long' }
  /** The padding after the file's last byte is not all zero: not something a v1 sender produces. */
  | { kind: 'bad_padding'; chunk: number }
  /** The opening itself stopped (a worker crashed): says nothing about the file. */
  | { kind: 'opener_failed'; message: string };

export type OpenerEnd = { kind: 'ok' } | { kind: 'truncated'; chunk: number };

/** One pass over a blob (one HTTP response, or several resumed from `nextChunk`). */
export interface ChunkOpening {
  /** Verified plaintext of the chunks `bytes` completed that could be released, in file order. */
  push(bytes: Uint8Array): OpenerStep | Promise<OpenerStep>;
  /** Waits for every complete chunk pushed so far and releases it: after it, `nextChunk` is where a resume starts. */
  flush(): OpenerStep | Promise<OpenerStep>;
  /** After `flush`: whether the file is complete. */
  finish(): OpenerEnd;
  /** Drops work still pending (cancelled, failed); nothing more is released. */
  close(): void;
  /** The first chunk not released yet: where a resumed download (HTTP Range) must start. */
  readonly nextChunk: number;
  /** Plaintext bytes released so far, counted from the start of the file. */
  readonly released: number;
}

/** The single-threaded opening: every step answers at once. */
interface FileOpener extends ChunkOpening {
  push(bytes: Uint8Array): OpenerStep;
  flush(): OpenerStep;
}

/** The part of a verified chunk that belongs to a file of `size` bytes, or bad_padding (§12.3). */
export function trimPadding(
  plain: Uint8Array,
  chunk: number,
  size: number,
): Uint8Array | { kind: 'bad_padding'; chunk: number } {
  const keep = Math.max(0, Math.min(plain.length, size - chunk * FILE_CHUNK_BYTES));
  for (let i = keep; i < plain.length; i++) if (plain[i] !== 0) return { kind: 'bad_padding', chunk };
  return plain.subarray(0, keep);
}

/** Bytes of the file before chunk `chunk`. */
export const bytesBefore = (chunk: number, size: number): number => Math.min(size, chunk * FILE_CHUNK_BYTES);

/** Opens chunks `firstChunk` … of a file of exactly `size` bytes with this layout. */
export function createFileOpener(keys: FileKeys, size: number, layout: BlobLayout, firstChunk = 0): FileOpener {
  const framer = createChunkFramer(layout, firstChunk);
  let failed: OpenerStep | undefined;
  let released = bytesBefore(firstChunk, size);

  return {
    push(bytes) {
      if (failed) return failed;
      const out: Uint8Array[] = [];
      const chunks = framer.take(bytes);
      for (let next = chunks.next(); ; next = chunks.next()) {
        if (next.done) {
          if (next.value === 'too_long') return (failed = { kind: 'too_long' });
          return { kind: 'ok', plaintext: out };
        }
        const { index, cipher } = next.value;
        const plain = openChunk(keys, layout, index, cipher);
        if (plain === undefined) return (failed = { kind: 'auth_failed', chunk: index });
        const kept = trimPadding(plain, index, size);
        if (!(kept instanceof Uint8Array)) return (failed = kept);
        released += kept.length;
        if (kept.length > 0) out.push(kept);
      }
    },
    flush() {
      return failed ?? { kind: 'ok', plaintext: [] };
    },
    finish() {
      return framer.next === layout.chunks && !framer.partial && !failed
        ? { kind: 'ok' }
        : { kind: 'truncated', chunk: framer.next };
    },
    close() {},
    get nextChunk() {
      return framer.next;
    },
    get released() {
      return released;
    },
  };
}
