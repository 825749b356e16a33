/**
 * The uploader's record of acknowledged chunks: acks count each chunk's ciphertext bytes once, the
 * server's status replaces the record (and a status for other files is refused), and the missing
 * chunks come out as runs per file.
 */
import { describe, expect, it } from 'vitest';
import { chunkCipherBytes, fileLayout } from '../crypto/file-stream.ts';
import type { UploadStatus } from '../wire/schemas.ts';
import { createUploadLedger, type UploadFile } from './upload-ledger.ts';
import { FILE_CHUNK_BYTES as C } from '../wire/wire-constants.ts';

const file = (size: number): UploadFile => ({ size, layout: fileLayout(size) });
const status = (files: UploadStatus['files']): UploadStatus => ({
  files,
  complete: false,
  idleExpiresAt: '2026-11-22T14:05:00.000Z',
});

describe('createUploadLedger', () => {
  it('starts with every chunk missing, one run per file', () => {
    const files = [file(0), file(3 * C + 5), file(C)];
    const ledger = createUploadLedger(files);
    expect(files.map((f) => f.layout.chunks)).toEqual([1, 4, 1]);
    expect(ledger.missingRuns()).toEqual([
      { file: 0, start: 0, end: 1 },
      { file: 1, start: 0, end: 4 },
      { file: 2, start: 0, end: 1 },
    ]);
    expect(ledger.ackedChunks).toBe(0);
    expect(ledger.progress('uploading')).toEqual({
      phase: 'uploading',
      files: files.map((f) => ({ sentBytes: 0, totalBytes: f.layout.blobBytes })),
      sentBytes: 0,
      totalBytes: files.reduce((n, f) => n + f.layout.blobBytes, 0),
    });
  });

  it('counts an acknowledged chunk once, in ciphertext bytes', () => {
    const a = file(3 * C + 5);
    const ledger = createUploadLedger([a]);
    expect(ledger.ack(0, 3)).toBe(true);
    expect(ledger.ack(0, 3)).toBe(false);
    expect(ledger.ack(0, 1)).toBe(true);
    expect(ledger.ackedChunks).toBe(2);
    const sent = chunkCipherBytes(a.layout, 3) + chunkCipherBytes(a.layout, 1);
    expect(ledger.progress('reconnecting')).toMatchObject({ phase: 'reconnecting', sentBytes: sent });
    expect(ledger.missingRuns()).toEqual([
      { file: 0, start: 0, end: 1 },
      { file: 0, start: 2, end: 3 },
    ]);
  });

  it('adopts the server’s status in place of its own view, within each file’s chunks', () => {
    const files = [file(4 * C), file(2 * C)];
    const ledger = createUploadLedger(files);
    ledger.ack(0, 0); // the server lost it since
    expect(
      ledger.adopt(
        status([
          { chunks: 4, received: [[1, 2]] },
          { chunks: 2, received: [[0, 9]] },
        ]),
      ),
    ).toBe(true);
    expect(ledger.ackedChunks).toBe(3);
    expect(ledger.missingRuns()).toEqual([
      { file: 0, start: 0, end: 1 },
      { file: 0, start: 2, end: 4 },
    ]);
    const p = ledger.progress('uploading');
    expect(p.files[1]).toEqual({ sentBytes: files[1]!.layout.blobBytes, totalBytes: files[1]!.layout.blobBytes });
    expect(p.sentBytes).toBe(chunkCipherBytes(files[0]!.layout, 1) + files[1]!.layout.blobBytes);
  });

  it('refuses a status that does not describe these files, and keeps its record', () => {
    const ledger = createUploadLedger([file(2 * C)]);
    ledger.ack(0, 1);
    expect(ledger.adopt(status([{ chunks: 3, received: [[0, 3]] }]))).toBe(false);
    expect(ledger.adopt(status([]))).toBe(false);
    expect(ledger.ackedChunks).toBe(1);
    expect(ledger.missingRuns()).toEqual([{ file: 0, start: 0, end: 1 }]);
  });
});
