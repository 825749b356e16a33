/**
 * How the reveal page downloads one file, whichever way it is saved (the service worker's stream,
 * File System Access, memory): the shared downloadFile (fetch, Range resume, every verification rule
 * of shared/src/download.ts) with its chunks opened in a pool of workers (open-pool.ts) through the
 * parallel opener, so decryption runs on several cores and verified plaintext still comes out in file
 * order. One pool per file: its workers get only that file's keys and are stopped — keys wiped — when
 * the download ends, however it ends.
 */
import { downloadFile, type DownloadDeps } from '@zkpush/shared/download';
import { fileLayout, type BlobLayout, type FileKeys } from '@zkpush/shared/file-stream';
import { createParallelOpener } from '@zkpush/shared/parallel-opener';
import { createOpenPool, type OpenPool } from '#lib/workers/open/open-pool.ts';
import type { FileDownloader } from './file-downloader.ts';

type PoolFactory = (file: { keys: FileKeys; layout: BlobLayout }) => OpenPool;

export function pooledDownloader(
  deps: DownloadDeps,
  pools: PoolFactory = (file) => createOpenPool(file),
): FileDownloader {
  return async (task, sink, options = {}) => {
    const layout = fileLayout(task.size);
    const pool = pools({ keys: task.keys, layout });
    try {
      return await downloadFile(deps, {
        id: task.id,
        file: task.file,
        downloadToken: task.token,
        size: task.size,
        layout,
        sink,
        opener: (firstChunk) =>
          createParallelOpener({ open: pool.open, size: task.size, layout, firstChunk, maxInFlight: pool.inFlight }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: (p: { bytes: number }) => options.onProgress?.(p.bytes) } : {}),
      });
    } finally {
      pool.close();
    }
  };
}
