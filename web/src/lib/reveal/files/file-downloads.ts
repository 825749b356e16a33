/**
 * Which way a revealed file is saved, tried in order until one can run (docs/security.md "Files in
 * the browser"):
 *
 *   1. the service worker streams it as a normal browser download (every current browser over https
 *      or on localhost) — memory stays flat, the browser shows progress, a damaged file fails there;
 *   2. the File System Access API writes it where the person picks (Chromium), aborting on damage;
 *   3. in memory, only up to MEMORY_FALLBACK_MAX_BYTES, offered as a Blob after it fully verified.
 *
 * "Download all" saves the files one after another the same way (with a picked folder for 2).
 * Platform parts are injected, so every path is unit-tested.
 */
import { formatSize } from '#lib/i18n/intl-format.ts';
import { safeFileName, uniqueNames } from '@zkpush/shared/safe-name';
import type { DownloadOutcome } from './download-outcome.ts';
import type { WorkerDownloadOptions, WorkerPostLike } from '#lib/download-bridge/download-worker-client.ts';
import type { DownloadTask } from './file-downloader.ts';
import { downloadFailure } from '#lib/reveal/reveal-messages.ts';
import {
  MEMORY_FALLBACK_MAX_BYTES,
  type DirectoryHandleLike,
  type FileHandleLike,
  type Picked,
  type SaveOptions,
} from './file-save.ts';

type Via = 'worker' | 'picker' | 'memory';

export interface DownloadEnv {
  /** The registered, active download worker, or undefined (started when the page showed the files). */
  worker: () => Promise<WorkerPostLike | undefined>;
  viaWorker: (worker: WorkerPostLike, task: DownloadTask, options: WorkerDownloadOptions) => Promise<DownloadOutcome>;
  pickFile: (suggestedName: string) => Promise<Picked<FileHandleLike>>;
  pickDirectory: () => Promise<Picked<DirectoryHandleLike>>;
  saveToHandle: (handle: FileHandleLike, task: DownloadTask, options: SaveOptions) => Promise<DownloadOutcome>;
  saveToMemory: (task: DownloadTask, options: SaveOptions) => Promise<{ outcome: DownloadOutcome; blob?: Blob }>;
  offerBlob: (blob: Blob, name: string) => void;
}

export type Saved = { outcome: DownloadOutcome; via?: Via };

const TOO_LARGE = (size: number): DownloadOutcome => ({
  kind: 'failed',
  message: downloadFailure.noWayToSave(formatSize(size), formatSize(MEMORY_FALLBACK_MAX_BYTES)),
});

async function inMemory(env: DownloadEnv, task: DownloadTask, name: string, options: SaveOptions): Promise<Saved> {
  if (task.size > MEMORY_FALLBACK_MAX_BYTES) return { outcome: TOO_LARGE(task.size) };
  const { outcome, blob } = await env.saveToMemory(task, options);
  if (outcome.kind === 'ok' && blob) env.offerBlob(blob, name);
  return { outcome, via: 'memory' };
}

/** Saves one file. Call straight from the click handler: the file picker needs its activation. */
export async function saveOne(env: DownloadEnv, task: DownloadTask, options: SaveOptions = {}): Promise<Saved> {
  const name = safeFileName(task.name);
  const worker = await env.worker();
  if (worker) {
    const outcome = await env.viaWorker(worker, task, options);
    if (outcome.kind !== 'unavailable') return { outcome, via: 'worker' };
  }
  const picked = await env.pickFile(name);
  if (picked.kind === 'cancelled') return { outcome: { kind: 'cancelled' } };
  if (picked.kind === 'ok') {
    const outcome = await env.saveToHandle(picked.handle, task, options);
    if (outcome.kind !== 'unavailable') return { outcome, via: 'picker' };
  }
  return inMemory(env, task, name, options);
}

interface AllOptions {
  signal?: AbortSignal;
  onStart?: (index: number, via: Via) => void;
  onProgress?: (index: number, bytes: number) => void;
  onDone?: (index: number, saved: Saved) => void;
  /** Files already saved in this visit are skipped. */
  skip?: (index: number) => boolean;
}

/** Saves every file one after another; one file's failure does not stop the others. */
export async function saveAll(
  env: DownloadEnv,
  tasks: readonly DownloadTask[],
  options: AllOptions = {},
): Promise<void> {
  const names = uniqueNames(tasks.map((t) => t.name));
  const todo = tasks.map((t, i) => i).filter((i) => !options.skip?.(i));
  const per = (i: number): SaveOptions => ({
    ...(options.signal ? { signal: options.signal } : {}),
    onProgress: (bytes) => options.onProgress?.(i, bytes),
  });
  const worker = await env.worker();
  let directory: DirectoryHandleLike | undefined;
  if (!worker) {
    const picked = await env.pickDirectory();
    if (picked.kind === 'cancelled') return;
    if (picked.kind === 'ok') directory = picked.handle;
  }
  for (const i of todo) {
    if (options.signal?.aborted) return;
    const task = tasks[i]!;
    let saved: Saved | undefined;
    if (worker) {
      options.onStart?.(i, 'worker');
      const outcome = await env.viaWorker(worker, task, per(i));
      if (outcome.kind !== 'unavailable') saved = { outcome, via: 'worker' };
    } else if (directory) {
      options.onStart?.(i, 'picker');
      const handle = await directory.getFileHandle(names[i]!, { create: true }).catch(() => undefined);
      const outcome = handle ? await env.saveToHandle(handle, task, per(i)) : ({ kind: 'unavailable' } as const);
      if (outcome.kind !== 'unavailable') saved = { outcome, via: 'picker' };
    }
    if (!saved) {
      options.onStart?.(i, 'memory');
      saved = await inMemory(env, task, names[i]!, per(i));
    }
    options.onDone?.(i, saved);
  }
}
