/**
 * What the shared uploader (shared/src/upload.ts) needs from the CLI: each file's bytes streamed
 * from disk — fs.createReadStream, reopened at the byte a resumed pass starts from, never read
 * whole — and a sealer. Chunks are sealed on the main thread: a pool of worker_threads showed no
 * reliable gain on the 2-core build machine with the server beside it (docs/cli.md, "Files"), and
 * the single executable would have to carry the worker's code as a separate asset.
 */
import { createReadStream } from 'node:fs';
import type { FileStreamPlan } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import type { ChunkSealer, OpenSource } from '@zkpush/shared/upload';
import { FILE_CHUNK_BYTES } from '@zkpush/shared/wire-constants';

/** Reads file `file` of `paths` from byte `start`, in pieces of one chunk. */
export function diskSource(paths: readonly string[]): OpenSource {
  return (file, start) => {
    const path = paths[file];
    if (path === undefined) throw new RangeError(`no file ${file}`);
    return createReadStream(path, { start, highWaterMark: FILE_CHUNK_BYTES });
  };
}

/** sealChunk with each file's STREAM keys and layout (file-push.ts plans). */
export function mainThreadSealer(plans: readonly FileStreamPlan[]): ChunkSealer {
  return (file, chunk, plaintext) => {
    const plan = plans[file];
    if (plan === undefined) return Promise.reject(new RangeError(`no file ${file}`));
    try {
      return Promise.resolve(sealChunk(plan.keys, plan.layout, chunk, plaintext));
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  };
}
