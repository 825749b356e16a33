/**
 * Downloading and decrypting one file of a revealed push (docs/wire-format.md §12.3, docs/api.md), the
 * same for the web app's service worker, its File System Access path and the CLI: the blob streams
 * from GET …/files/:i through createFileOpener, and only verified plaintext — padding cut off — is
 * written to the injected sink, awaiting each write so a slow disk slows the download instead of
 * filling memory. How chunks are opened is injectable (`opener`): by default on this thread, holding
 * at most one chunk (the CLI); the web app opens them in a worker pool (../crypto/parallel-opener.ts) with a
 * bounded number in flight, released in the same order under the same rules.
 *
 * A dropped connection resumes with a Range request from the first chunk not yet verified
 * (opener.nextChunk after a flush; the bytes of a half-received chunk are fetched again). Only `ok` means the file
 * is complete and authentic; every other result means the caller must discard what the sink got —
 * `corrupt` above all, which is never a network accident: the server or someone in between altered,
 * cut or extended the file.
 */
import type { ApiClient, ApiFailure } from './api-client.ts';
import type { ErrorCode } from '../wire/errors.ts';
import { createFileOpener, type ChunkOpening, type OpenerStep } from '../crypto/file-opener.ts';
import { chunkOffset, type BlobLayout, type FileKeys } from '../crypto/file-stream.ts';
import { backoffDelay, DEFAULT_RETRY, isTransient, sleep, type RetryPolicy, type Sleep } from './transfer-retry.ts';

/** Where verified plaintext goes: a file, a response stream, a buffer. Awaited for backpressure. */
export interface DownloadSink {
  write(bytes: Uint8Array): Promise<void> | void;
}

type DownloadProgress = {
  /** Verified plaintext bytes written to the sink. */
  bytes: number;
  /** The file's exact size. */
  size: number;
};

type CorruptReason = 'auth_failed' | 'too_long' | 'truncated' | 'bad_padding';

export type DownloadResult =
  /** Every chunk opened, the padding checked: the sink holds exactly the sender's file. */
  | { kind: 'ok'; bytes: number }
  /** Altered, cut short, extended or wrongly padded: discard everything written. */
  | { kind: 'corrupt'; reason: CorruptReason; chunk?: number }
  /** The push was deleted or its files are no longer kept. */
  | { kind: 'gone' }
  /** The download token is not (or no longer) accepted: the download window closed. */
  | { kind: 'denied'; code: ErrorCode }
  | { kind: 'error'; status: number; code: ErrorCode; message: string }
  | { kind: 'bad_response'; status: number; message: string }
  /** The connection stayed down through every retry. */
  | { kind: 'network'; message: string }
  /** The sink refused a write (disk full, the person cancelled the save). */
  | { kind: 'sink_failed'; message: string }
  /** The injected opener stopped (a decrypting worker crashed): nothing is known about the file. */
  | { kind: 'opener_failed'; message: string }
  | { kind: 'cancelled' };

/** A fresh opening of the file from chunk `firstChunk` on (one per response, resumes included). */
type OpenerFactory = (firstChunk: number) => ChunkOpening;

export interface DownloadDeps {
  api: Pick<ApiClient, 'download'>;
  sleep?: Sleep;
  random?: () => number;
}

interface DownloadBase {
  id: string;
  /** File index in the manifest. */
  file: number;
  downloadToken: string;
  /** From filePlans: the file's exact size and layout. */
  size: number;
  layout: BlobLayout;
  sink: DownloadSink;
  signal?: AbortSignal;
  onProgress?: (progress: DownloadProgress) => void;
  retry?: RetryPolicy;
}

/** With the file's STREAM keys (opened on this thread), or with an opener of its own. */
export type DownloadInput = DownloadBase &
  ({ keys: FileKeys; opener?: never } | { opener: OpenerFactory; keys?: never });

function refusal(r: ApiFailure): DownloadResult {
  switch (r.kind) {
    case 'network':
      return { kind: 'network', message: r.message };
    case 'bad_response':
      return { kind: 'bad_response', status: r.status, message: r.message };
    case 'error':
      switch (r.code) {
        case 'gone':
        case 'not_found':
          return { kind: 'gone' };
        case 'unauthorized':
        case 'forbidden':
          return { kind: 'denied', code: r.code };
        case 'range_not_satisfiable':
          // The stored blob ends before a chunk the manifest says exists.
          return { kind: 'corrupt', reason: 'truncated' };
        default:
          return { kind: 'error', status: r.status, code: r.code, message: r.message };
      }
  }
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Read = { kind: 'complete' } | { kind: 'dropped'; message: string } | { kind: 'stopped'; result: DownloadResult };

function stepFailure(step: Exclude<OpenerStep, { kind: 'ok' }>): DownloadResult {
  if (step.kind === 'opener_failed') return { kind: 'opener_failed', message: step.message };
  return { kind: 'corrupt', reason: step.kind, ...('chunk' in step ? { chunk: step.chunk } : {}) };
}

/** Writes a step's verified plaintext to the sink; a result when the download must stop. */
async function deliver(
  step: OpenerStep,
  input: DownloadInput,
  onVerified: () => void,
): Promise<DownloadResult | undefined> {
  if (step.kind !== 'ok') return stepFailure(step);
  for (const plain of step.plaintext) {
    try {
      await input.sink.write(plain);
    } catch (e) {
      return { kind: 'sink_failed', message: message(e) };
    }
  }
  if (step.plaintext.length > 0) onVerified();
  return undefined;
}

/** Feeds one response body through the opener into the sink, then releases what is still opening. */
async function pump(
  body: ReadableStream<Uint8Array>,
  opener: ChunkOpening,
  input: DownloadInput,
  onVerified: () => void,
): Promise<Read> {
  const reader = body.getReader();
  const stopped = async (result: DownloadResult): Promise<Read> => {
    opener.close();
    await reader.cancel().catch(() => undefined);
    return { kind: 'stopped', result };
  };
  for (;;) {
    let next: Awaited<ReturnType<typeof reader.read>>;
    try {
      next = await reader.read();
    } catch (e) {
      if (input.signal?.aborted) return stopped({ kind: 'cancelled' });
      // Chunks that arrived whole before the drop are still released; the resume starts after them.
      const end = await deliver(await opener.flush(), input, onVerified);
      if (end) return stopped(end);
      return { kind: 'dropped', message: message(e) };
    }
    if (next.done) {
      const end = await deliver(await opener.flush(), input, onVerified);
      if (end) return stopped(end);
      return input.signal?.aborted ? stopped({ kind: 'cancelled' }) : { kind: 'complete' };
    }
    const end = await deliver(await opener.push(next.value), input, onVerified);
    if (end) return stopped(end);
    if (input.signal?.aborted) return stopped({ kind: 'cancelled' });
  }
}

const openerWith =
  (keys: FileKeys, size: number, layout: BlobLayout): OpenerFactory =>
  (first) =>
    createFileOpener(keys, size, layout, first);

export async function downloadFile(deps: DownloadDeps, input: DownloadInput): Promise<DownloadResult> {
  const { layout, size, signal } = input;
  const openAt = input.opener !== undefined ? input.opener : openerWith(input.keys, size, layout);
  const retry = input.retry ?? DEFAULT_RETRY;
  const wait = deps.sleep ?? sleep;
  const random = deps.random ?? Math.random;
  let opener = openAt(0);
  let failures = 0;
  let lastFailure = '';
  const report = (): void => input.onProgress?.({ bytes: opener.released, size });

  report();
  for (;;) {
    if (signal?.aborted) return { kind: 'cancelled' };
    if (failures >= retry.attempts) return { kind: 'network', message: lastFailure };
    if (failures > 0) {
      await wait(backoffDelay(retry, failures - 1, random), signal);
      if (signal?.aborted) return { kind: 'cancelled' };
    }
    const offset = chunkOffset(opener.nextChunk);
    const opened = await deps.api.download(input.id, input.file, input.downloadToken, offset, signal);
    if (signal?.aborted) {
      if (opened.kind === 'ok') await opened.value.body.cancel().catch(() => undefined);
      return { kind: 'cancelled' };
    }
    if (opened.kind !== 'ok') {
      if (!isTransient(opened)) return refusal(opened);
      failures += 1;
      lastFailure = opened.kind === 'network' ? opened.message : `HTTP ${opened.status}`;
      continue;
    }
    const expected = layout.blobBytes - offset;
    if (opened.value.length !== expected) {
      // Decided from the header alone: the stored blob is not the length the manifest implies.
      await opened.value.body.cancel().catch(() => undefined);
      return { kind: 'corrupt', reason: opened.value.length < expected ? 'truncated' : 'too_long' };
    }
    const before = opener.nextChunk;
    const read = await pump(opened.value.body, opener, input, report);
    if (read.kind === 'stopped') return read.result;
    if (read.kind === 'complete') {
      const end = opener.finish();
      if (end.kind === 'ok') return { kind: 'ok', bytes: opener.released };
      // The body ended before Content-Length without an error (some stacks do): try again from here.
      lastFailure = 'the response ended early';
    } else {
      lastFailure = read.message;
    }
    // Progress since the last drop earns a fresh set of retries.
    failures = opener.nextChunk > before ? 1 : failures + 1;
    opener = openAt(opener.nextChunk);
  }
}
