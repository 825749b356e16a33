/**
 * What downloading one revealed file takes and promises, whichever way it is saved (service worker,
 * File System Access, memory): the task — which file, its exact size and name, its keys — and the
 * FileDownloader contract (pooled-download.ts implements it). Types only, so every side imports them
 * without importing each other.
 */
import type { DownloadResult, DownloadSink } from '@zkpush/shared/download';
import type { FileKeys } from '@zkpush/shared/file-stream';

export type DownloadTask = { id: string; file: number; token: string; size: number; name: string; keys: FileKeys };

export interface FetchOptions {
  signal?: AbortSignal;
  /** Verified plaintext bytes handed to the sink so far. */
  onProgress?: (bytes: number) => void;
}

/** Downloads one file into `sink`; only `ok` means the sink got the whole, authentic file. */
export type FileDownloader = (
  task: DownloadTask,
  sink: DownloadSink,
  options?: FetchOptions,
) => Promise<DownloadResult>;
