/**
 * The uploader's record of which chunks the server has acknowledged (upload.ts), and the progress
 * figures derived from it. One bit per chunk: set when a PUT is answered OK, and replaced wholesale
 * by the server's own answer to GET …/upload (docs/api.md) when a pass is resumed — the server is the
 * authority on what it holds, so chunks we believed sent but it lost go again, and chunks whose
 * answer was lost on the way count as sent. What is still missing comes out as contiguous runs, so
 * a pass can open each file once per run (../crypto/file-chunker.ts reads from a run's first byte).
 */
import { chunkCipherBytes, type BlobLayout } from '../crypto/file-stream.ts';
import type { UploadStatus } from '../wire/schemas.ts';

/** What the uploader needs of a planned file (../crypto/file-push.ts FileStreamPlan: entry.size, layout). */
export type UploadFile = { size: number; layout: BlobLayout };

export type UploadProgress = {
  /** `reconnecting`: the connection dropped and the server is being asked what it has. */
  phase: 'uploading' | 'reconnecting' | 'finalizing';
  /** Ciphertext bytes the server acknowledged (padding and tags included), per file and overall. */
  files: { sentBytes: number; totalBytes: number }[];
  sentBytes: number;
  totalBytes: number;
};

/** Chunks [start, end) of file `file`, none of which the server holds. */
type ChunkRun = { file: number; start: number; end: number };

interface UploadLedger {
  /** Chunks acknowledged so far, all files together (a pass made progress if this grew). */
  readonly ackedChunks: number;
  /** Records the server's OK for one chunk; false if it was already recorded. */
  ack(file: number, chunk: number): boolean;
  /** Replaces the record with the server's status; false (record untouched) if it does not fit these files. */
  adopt(status: UploadStatus): boolean;
  /** Contiguous runs of chunks the server does not hold yet, file by file, in order. */
  missingRuns(): ChunkRun[];
  progress(phase: UploadProgress['phase']): UploadProgress;
}

export function createUploadLedger(files: readonly UploadFile[]): UploadLedger {
  const acked = files.map((f) => new Uint8Array(f.layout.chunks));
  const sent = files.map(() => 0);
  const totalBytes = files.reduce((n, f) => n + f.layout.blobBytes, 0);
  let ackedChunks = 0;

  return {
    get ackedChunks() {
      return ackedChunks;
    },

    ack(file, chunk) {
      if (acked[file]![chunk]) return false;
      acked[file]![chunk] = 1;
      ackedChunks += 1;
      sent[file]! += chunkCipherBytes(files[file]!.layout, chunk);
      return true;
    },

    adopt(status) {
      const fits =
        status.files.length === files.length && status.files.every((f, i) => f.chunks === files[i]!.layout.chunks);
      if (!fits) return false;
      ackedChunks = 0;
      status.files.forEach((f, i) => {
        acked[i]!.fill(0);
        sent[i] = 0;
        for (const [start, end] of f.received) {
          for (let c = Math.max(0, start); c < Math.min(end, f.chunks); c++) {
            acked[i]![c] = 1;
            ackedChunks += 1;
            sent[i]! += chunkCipherBytes(files[i]!.layout, c);
          }
        }
      });
      return true;
    },

    missingRuns() {
      const runs: ChunkRun[] = [];
      acked.forEach((bits, file) => {
        for (let c = 0; c < bits.length; c++) {
          if (bits[c]) continue;
          const start = c;
          while (c < bits.length && !bits[c]) c++;
          runs.push({ file, start, end: c });
        }
      });
      return runs;
    },

    progress(phase) {
      return {
        phase,
        files: files.map((f, i) => ({ sentBytes: sent[i]!, totalBytes: f.layout.blobBytes })),
        sentBytes: sent.reduce((a, b) => a + b, 0),
        totalBytes,
      };
    },
  };
}
