/**
 * Everything the reveal page needs only for a file push, behind one dynamic `import()`: the files
 * view, the ways of saving (service worker, File System Access, memory), the chunk-opening worker
 * pool and the files' key schedule. A text push never loads any of it, which keeps the reveal page
 * within its byte budget (docs/performance.md "Light pages"). The page starts this import as soon as
 * the metadata says the push holds files, so it is in by the time Reveal is pressed.
 */
import type { ApiClient } from '@zkpush/shared/api-client';
import { filePlans as plansOf, type FileStreamPlan } from '@zkpush/shared/file-push';
import type { FileEntry } from '@zkpush/shared/manifest';
import { downloadThroughWorker, registerDownloadWorker } from '#lib/download-bridge/download-worker-client.ts';
import type { DownloadEnv } from './file-downloads.ts';
import { offerBlob, pickDirectory, pickFile, saveToHandle, saveToMemory } from './file-save.ts';
import { pooledDownloader } from './pooled-download.ts';

export { default as RevealedFiles } from './RevealedFiles.svelte';

/**
 * The saving environment of one reveal page. The download worker is registered on the first call of
 * `worker()` (the page calls it once it knows the push holds files, so the worker is active by the
 * time Download is pressed); every way of saving fetches and opens a file the same way, chunks
 * decrypted in a worker pool.
 */
export function filesEnv(api: ApiClient): DownloadEnv {
  let worker: Promise<ServiceWorker | undefined> | undefined;
  const download = pooledDownloader({ api });
  return {
    worker: () => (worker ??= registerDownloadWorker()),
    viaWorker: (w, task, options) => downloadThroughWorker(w, task, download, options),
    pickFile,
    pickDirectory,
    saveToHandle: (handle, task, options) => saveToHandle(download, handle, task, options),
    saveToMemory: (task, options) => saveToMemory(download, task, options),
    offerBlob,
  };
}

export function filePlans(
  linkKey: Uint8Array,
  passKey: Uint8Array | undefined,
  files: readonly FileEntry[],
): FileStreamPlan[] {
  return plansOf(linkKey, passKey, { v: 1, kind: 'files', files: [...files] });
}
