/**
 * Saving a downloaded file from the page itself, when the service worker cannot stream it: through
 * the File System Access API (Chromium: the person picks where, the file is written as it is
 * verified, and a file that fails verification is aborted — the browser then discards what was
 * written), or, for small files only, in memory: verified plaintext is collected and offered as a
 * Blob only after the whole file checked out. Both fetch and open the file with the page's
 * FileDownloader (pooled-download.ts: chunks opened in a worker pool, released in order).
 */
import { outcomeOf, type DownloadOutcome } from './download-outcome.ts';
import type { DownloadTask, FetchOptions, FileDownloader } from './file-downloader.ts';
import { downloadFailure } from '#lib/reveal/reveal-messages.ts';

/**
 * Largest file the in-memory fallback takes: it holds the whole file (and briefly a Blob of it), so
 * it is meant for the occasional browser with neither service workers nor File System Access (an
 * insecure http origin, a private window that disables service workers).
 */
export const MEMORY_FALLBACK_MAX_BYTES = 32 * 1024 * 1024;

/** The slices of the File System Access API used here (it is not in TypeScript's DOM library). */
export interface WritableLike {
  write(data: Uint8Array<ArrayBuffer>): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
}
export interface FileHandleLike {
  createWritable(): Promise<WritableLike>;
}
export interface DirectoryHandleLike {
  getFileHandle(name: string, options: { create: boolean }): Promise<FileHandleLike>;
}

type Picker<T> = (options: Record<string, unknown>) => Promise<T>;

function picker<T>(name: 'showSaveFilePicker' | 'showDirectoryPicker'): Picker<T> | undefined {
  const fn: unknown = Reflect.get(globalThis, name);
  if (typeof fn !== 'function') return undefined;
  return (options) => Promise.resolve(Reflect.apply(fn, globalThis, [options]));
}

function isFileHandle(x: unknown): x is FileHandleLike {
  return typeof x === 'object' && x !== null && typeof Reflect.get(x, 'createWritable') === 'function';
}
function isDirectoryHandle(x: unknown): x is DirectoryHandleLike {
  return typeof x === 'object' && x !== null && typeof Reflect.get(x, 'getFileHandle') === 'function';
}

export type Picked<T> = { kind: 'ok'; handle: T } | { kind: 'cancelled' } | { kind: 'unavailable' };

/** Asks where to save one file. Must run in the click's user activation (before other awaits). */
export async function pickFile(suggestedName: string): Promise<Picked<FileHandleLike>> {
  const show = picker<unknown>('showSaveFilePicker');
  if (!show) return { kind: 'unavailable' };
  try {
    const handle = await show({ suggestedName });
    return isFileHandle(handle) ? { kind: 'ok', handle } : { kind: 'unavailable' };
  } catch (e) {
    return e instanceof DOMException && e.name === 'AbortError' ? { kind: 'cancelled' } : { kind: 'unavailable' };
  }
}

/** Asks for a folder to save all files into ("Download all"). Same activation rule. */
export async function pickDirectory(): Promise<Picked<DirectoryHandleLike>> {
  const show = picker<unknown>('showDirectoryPicker');
  if (!show) return { kind: 'unavailable' };
  try {
    const handle = await show({ mode: 'readwrite' });
    return isDirectoryHandle(handle) ? { kind: 'ok', handle } : { kind: 'unavailable' };
  } catch (e) {
    return e instanceof DOMException && e.name === 'AbortError' ? { kind: 'cancelled' } : { kind: 'unavailable' };
  }
}

export type SaveOptions = FetchOptions;

const own = (b: Uint8Array): Uint8Array<ArrayBuffer> =>
  b.buffer instanceof ArrayBuffer ? new Uint8Array(b.buffer, b.byteOffset, b.byteLength) : new Uint8Array(b);

/** Streams the file into a picked file; anything but a verified, complete file is aborted. */
export async function saveToHandle(
  download: FileDownloader,
  handle: FileHandleLike,
  task: DownloadTask,
  options: SaveOptions = {},
): Promise<DownloadOutcome> {
  let writable: WritableLike;
  try {
    writable = await handle.createWritable();
  } catch {
    return { kind: 'unavailable' };
  }
  const result = await download(task, { write: (b) => writable.write(own(b)) }, options);
  if (result.kind === 'ok') {
    try {
      await writable.close();
    } catch (e) {
      return { kind: 'failed', message: downloadFailure.writeFailed(e instanceof Error ? e.message : 'error') };
    }
  } else {
    await writable.abort(new Error(result.kind)).catch(() => undefined);
  }
  return outcomeOf(result);
}

/** Downloads into memory; `blob` exists only when the whole file verified. */
export async function saveToMemory(
  download: FileDownloader,
  task: DownloadTask,
  options: SaveOptions = {},
): Promise<{ outcome: DownloadOutcome; blob?: Blob }> {
  if (task.size > MEMORY_FALLBACK_MAX_BYTES) return { outcome: { kind: 'unavailable' } };
  let parts: Uint8Array<ArrayBuffer>[] = [];
  const result = await download(task, { write: (b) => void parts.push(new Uint8Array(b)) }, options);
  if (result.kind !== 'ok') {
    parts = [];
    return { outcome: outcomeOf(result) };
  }
  return { outcome: { kind: 'ok' }, blob: new Blob(parts, { type: 'application/octet-stream' }) };
}

/** Offers a verified Blob to the browser as a download under `name`. */
export function offerBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own reference once started; drop ours soon after.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
