/**
 * Uploading the files of a file push (docs/wire-format.md §12.5 step 2, docs/api.md), the same for
 * the web app and the CLI: each file's bytes are read from a stream (File.stream(), fs streams),
 * cut into padded chunks (../crypto/file-chunker.ts), sealed by an injected sealer (a worker pool in the
 * browser, the main thread in the CLI) and PUT with bounded concurrency and retries; then the upload
 * is finalised.
 *
 * Memory stays flat whatever the file size: a chunk is read only when one of `window` slots is free,
 * and a slot is freed when the server acknowledged that chunk, so at most `window` chunks (plaintext
 * being sealed or ciphertext being sent or waiting to be retried) exist at once.
 *
 * A chunk whose retries are used up (the connection dropped) interrupts the pass: the chunks in
 * flight settle, the server is asked which chunks it holds (GET …/upload, with backoff), and a new
 * pass re-sends only the missing ones. A pass that gets nowhere counts against the retry budget; one
 * that makes progress resets it. Refusals (a dead token, a push that is gone, a full disk) end the
 * upload at once with the server's code.
 *
 * This module schedules; the requests and their retry rules are upload-requests.ts, the record of
 * what the server holds is upload-ledger.ts, and the nonce-reuse guard is ../crypto/sealed-chunks.ts.
 */
import type { ApiClient } from './api-client.ts';
import type { ErrorCode } from '../wire/errors.ts';
import { plaintextChunks, type PlainChunk } from '../crypto/file-chunker.ts';
import { createSealedChunks, type SealedChunks } from '../crypto/sealed-chunks.ts';
import { chunkCipherBytes } from '../crypto/file-stream.ts';
import { Slots, unlessAborted } from './async-slots.ts';
import { DEFAULT_RETRY, sleep, type RetryPolicy, type Sleep } from './transfer-retry.ts';
import { createUploadLedger, type UploadFile, type UploadProgress } from './upload-ledger.ts';
import { createUploadRequests, type Interrupted } from './upload-requests.ts';
import { FILE_CHUNK_BYTES } from '../wire/wire-constants.ts';

export type { UploadProgress } from './upload-ledger.ts';

/** Seals chunk `chunk` of file `file` (sealChunk with that file's keys and layout). */
export type ChunkSealer = (file: number, chunk: number, plaintext: Uint8Array) => Promise<Uint8Array>;

/** A fresh stream of file `file`'s bytes from byte `start` (a resumed pass reopens the file). */
export type OpenSource = (file: number, start: number) => AsyncIterable<Uint8Array>;

export type UploadResult =
  | { kind: 'ok' }
  /** The connection stayed down through every retry; the chunks sent so far stay on the server. */
  | { kind: 'network'; message: string }
  /** The server refused (token, push gone, quota, disk); retrying would fail the same way. */
  | { kind: 'error'; status: number; code: ErrorCode; message: string }
  | { kind: 'bad_response'; status: number; message: string }
  /** The file could not be read, or it changed (in size, or a re-read chunk in content) while being read. */
  | { kind: 'read_failed'; file: number; message: string }
  | { kind: 'seal_failed'; file: number; message: string }
  | { kind: 'cancelled' };

export interface UploadDeps {
  api: Pick<ApiClient, 'uploadChunk' | 'uploadStatus' | 'finalizeUpload' | 'meta'>;
  seal: ChunkSealer;
  open: OpenSource;
  sleep?: Sleep;
  random?: () => number;
}

export interface UploadInput {
  id: string;
  uploadToken: string;
  files: readonly UploadFile[];
  signal?: AbortSignal;
  onProgress?: (progress: UploadProgress) => void;
  /** Chunks held at once (read, being sealed, in flight or waiting to be retried). Default 8. */
  window?: number;
  /** Chunk requests in flight at once. Default 4. */
  concurrency?: number;
  retry?: RetryPolicy;
  /** Ask the server what it already holds before sending (a second try after `network`). */
  resume?: boolean;
  /**
   * The chunks sealed so far (../crypto/sealed-chunks.ts): a chunk re-read in content it was not first sealed
   * with is refused before it is sent. Pass the same one to every call for one push (a `resume`).
   */
  sealedChunks?: SealedChunks;
}

export const DEFAULT_WINDOW = 8;
export const DEFAULT_CONCURRENCY = 4;

type Failure = Exclude<UploadResult, { kind: 'ok' }>;
/** Why a pass ended early: a failure, or an interruption that a resume may heal. */
type Stop = Failure | Interrupted;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function* nothing(): AsyncGenerator<Uint8Array> {}

export async function uploadFiles(deps: UploadDeps, input: UploadInput): Promise<UploadResult> {
  const { files, signal } = input;
  const retry = input.retry ?? DEFAULT_RETRY;
  const requests = createUploadRequests({
    api: deps.api,
    id: input.id,
    uploadToken: input.uploadToken,
    retry,
    sleep: deps.sleep ?? sleep,
    random: deps.random ?? Math.random,
    signal,
  });
  const windowSize = Math.max(1, input.window ?? DEFAULT_WINDOW);
  const sealedChunks = input.sealedChunks ?? createSealedChunks();
  const sending = new Slots(Math.max(1, input.concurrency ?? DEFAULT_CONCURRENCY));
  const ledger = createUploadLedger(files);
  let phase: UploadProgress['phase'] = 'uploading';

  const report = (): void => input.onProgress?.(ledger.progress(phase));

  /** GET …/upload and adopt its answer (the server is the authority); undefined when adopted. */
  async function readStatus(): Promise<Failure | undefined> {
    const r = await requests.status();
    if (r.kind !== 'ok') return r;
    if (!ledger.adopt(r.value))
      return { kind: 'bad_response', status: 200, message: "the server's upload status does not fit this push" };
    return undefined;
  }

  /** Sends every missing chunk once (with in-place retries); says why it stopped early, if it did. */
  async function pass(): Promise<Stop | undefined> {
    const slots = new Slots(windowSize);
    const inflight = new Set<Promise<void>>();
    let stop: Stop | undefined;
    // A refusal outranks an interruption: there is no point resuming then.
    const halt = (s: Stop): void => {
      if (!stop || (stop.kind === 'interrupted' && s.kind !== 'interrupted')) stop = s;
    };
    const refused = (): boolean => stop !== undefined && stop.kind !== 'interrupted';

    async function send(file: number, chunk: PlainChunk): Promise<void> {
      let sealed: Uint8Array | undefined;
      try {
        sealed = await unlessAborted(deps.seal(file, chunk.index, chunk.plaintext), signal);
      } catch (e) {
        return halt({ kind: 'seal_failed', file, message: message(e) });
      }
      if (sealed === undefined) return;
      if (sealed.length !== chunkCipherBytes(files[file]!.layout, chunk.index)) {
        return halt({ kind: 'seal_failed', file, message: `chunk ${chunk.index} sealed to a wrong length` });
      }
      // Same key and nonce as before: only the same plaintext may go out again (../crypto/sealed-chunks.ts).
      if (!sealedChunks.unchanged(file, chunk.index, sealed)) {
        const changed = `the file changed while it was being uploaded (chunk ${chunk.index} differs from the first read)`;
        return halt({ kind: 'read_failed', file, message: changed });
      }
      await sending.acquire();
      try {
        const r = await requests.putChunk(file, chunk.index, sealed, refused);
        if (r.kind === 'ok') {
          if (ledger.ack(file, chunk.index)) report();
        } else if (r.kind !== 'abandoned') {
          halt(r);
        }
      } finally {
        sending.release();
      }
    }

    runs: for (const run of ledger.missingRuns()) {
      const { size, layout } = files[run.file]!;
      const startByte = run.start * FILE_CHUNK_BYTES;
      // A run that starts in the padding needs no bytes of the file (../crypto/file-chunker.ts).
      const source = startByte >= size ? nothing() : deps.open(run.file, startByte);
      const chunks = plaintextChunks(source, size, layout, run.start);
      try {
        for (;;) {
          await slots.acquire();
          if (stop || signal?.aborted) {
            slots.release();
            break runs;
          }
          let next: IteratorResult<PlainChunk>;
          try {
            next = await chunks.next();
          } catch (e) {
            slots.release();
            halt({ kind: 'read_failed', file: run.file, message: message(e) });
            break runs;
          }
          if (next.done || next.value.index >= run.end) {
            slots.release();
            break;
          }
          const task: Promise<void> = send(run.file, next.value).finally(() => {
            slots.release();
            inflight.delete(task);
          });
          inflight.add(task);
        }
      } finally {
        // Closes the file's stream when the run ends before the file does.
        await chunks.return(undefined).catch(() => undefined);
      }
    }
    await Promise.all([...inflight]);
    return signal?.aborted ? { kind: 'cancelled' } : stop;
  }

  if (files.length === 0) throw new RangeError('nothing to upload');
  report();
  if (input.resume) {
    const failed = await readStatus();
    if (failed) return failed;
  }
  let fruitless = 0;
  for (;;) {
    if (signal?.aborted) return { kind: 'cancelled' };
    const before = ledger.ackedChunks;
    phase = 'uploading';
    const stop = await pass();
    if (stop === undefined) {
      phase = 'finalizing';
      report();
      const done = await requests.finalize();
      if (done.kind !== 'incomplete') return done;
    } else if (stop.kind !== 'interrupted') {
      return stop;
    }
    fruitless = ledger.ackedChunks > before ? 0 : fruitless + 1;
    if (fruitless >= retry.attempts) {
      return { kind: 'network', message: stop?.kind === 'interrupted' ? stop.message : 'upload incomplete' };
    }
    phase = 'reconnecting';
    report();
    const failed = await readStatus();
    if (failed) return failed;
  }
}
