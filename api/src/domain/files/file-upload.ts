/**
 * The sender's side of a file push after create (docs/api.md "File pushes"): chunk uploads, the
 * status a dropped upload resumes from, and finalise. All three need the push's upload token, which
 * exists (as SHA-256) only while the upload is open.
 *
 * Crash safety: a chunk is recorded as received only after all its bytes are written; re-sending a
 * received chunk first records it as missing, so a write cut short (crash, dropped connection) can
 * never leave a damaged chunk marked as stored. Finalise runs with no chunk write in flight
 * (blobs/transfer-registry.ts), fsyncs every blob and its directory, and only then marks the push ready —
 * so a push never becomes revealable with a missing or unsynced chunk.
 */
import { blobLayout, chunkCipherBytes, chunkOffset, type BlobLayout } from '@zkpush/shared/file-stream';
import type { UploadStatus } from '@zkpush/shared/schemas';
import type { FileRecord } from '../../db/files-repo.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import { setRanges } from '../../db/chunk-bitmap.ts';
import {
  auditCap,
  auditEvent,
  eventsFit,
  lockForAuditCap,
  settleExpiry,
  type AuditContext,
} from '../lifecycle/audit.ts';
import { statusOf, type Gone, type NotFound } from '../lifecycle/lifecycle.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { matchesStoredHash } from '../stored-hash.ts';

type UploadRefusal =
  | NotFound
  | Gone
  /** Not a file push (a text push's id). */
  | { kind: 'no_files' }
  | { kind: 'finalized' }
  | { kind: 'forbidden' };

export type ChunkResult =
  | { kind: 'ok' }
  | UploadRefusal
  | { kind: 'invalid'; message: string }
  | { kind: 'too_large'; message: string }
  | { kind: 'insufficient_storage'; message: string };

export type StatusResult = ({ kind: 'ok' } & UploadStatus) | UploadRefusal;
export type FinalizeResult = { kind: 'ok' } | UploadRefusal | { kind: 'incomplete'; missing: number; total: number };

/** A chunk PUT: its position, the bytes and, when the request declared it, Content-Length. */
export type ChunkUpload = {
  file: number;
  chunk: number;
  declaredLength: number | undefined;
  body: ReadableStream<Uint8Array>;
};

type Authorized = { kind: 'ok'; files: FileRecord[]; idleAt: number };

/** The upload token must open this push's upload, which must still be open. */
async function authorize(
  deps: ServiceDeps,
  tx: SecretsRepo,
  id: string,
  token: Uint8Array,
  now: number,
): Promise<Authorized | UploadRefusal> {
  const record = await tx.find(id);
  const status = statusOf(record, now, deps.config.retentionMs);
  if (status.kind === 'not_found') return status;
  if (status.kind === 'gone') {
    if (record !== undefined) await settleExpiry(tx, record, now);
    return status;
  }
  const push = await tx.files.findPush(id);
  if (push === undefined) return { kind: 'no_files' };
  if (push.upload_token_hash === null || push.upload_idle_at === null) return { kind: 'finalized' };
  if (!matchesStoredHash(token, push.upload_token_hash)) return { kind: 'forbidden' };
  return { kind: 'ok', files: await tx.files.listFiles(id), idleAt: push.upload_idle_at };
}

function layoutOf(file: FileRecord): BlobLayout {
  const layout = blobLayout(file.padded_size);
  if (layout === undefined || layout.chunks !== file.chunks) throw new Error('stored file layout is corrupt');
  return layout;
}

/** Where the chunk goes and how long it is, or why the request cannot be for a chunk of this push. */
function locate(files: FileRecord[], upload: ChunkUpload) {
  const file = files[upload.file];
  if (file === undefined) {
    return { kind: 'invalid', message: `file index ${upload.file} is outside 0..${files.length - 1}` } as const;
  }
  const layout = layoutOf(file);
  if (upload.chunk >= layout.chunks) {
    return {
      kind: 'invalid',
      message: `chunk ${upload.chunk} is outside 0..${layout.chunks - 1} of file ${upload.file}`,
    } as const;
  }
  const length = chunkCipherBytes(layout, upload.chunk);
  if (upload.declaredLength !== undefined && upload.declaredLength > length) {
    return {
      kind: 'too_large',
      message: `chunk ${upload.chunk} must be exactly ${length} bytes (Content-Length is ${upload.declaredLength})`,
    } as const;
  }
  if (upload.declaredLength !== undefined && upload.declaredLength < length) {
    return {
      kind: 'invalid',
      message: `chunk ${upload.chunk} must be exactly ${length} bytes (Content-Length is ${upload.declaredLength})`,
    } as const;
  }
  return { kind: 'ok', length, offset: chunkOffset(upload.chunk) } as const;
}

export async function putChunk(
  deps: ServiceDeps,
  id: string,
  token: Uint8Array,
  upload: ChunkUpload,
): Promise<ChunkResult> {
  const { repo, clock, storage, config } = deps;
  const hold = await storage.transfers.share(id);
  try {
    // Free space is refreshed first (async I/O cannot run inside a transaction; blobs/free-space.ts)
    // and judged — then debited — after the token.
    await storage.blobs.space.refresh();
    return await storage.transfers.serial(`${id}/${upload.file}/${upload.chunk}`, async (): Promise<ChunkResult> => {
      const prepared = await repo.transaction(async (tx) => {
        const auth = await authorize(deps, tx, id, token, clock.now());
        if (auth.kind !== 'ok') return auth;
        const place = locate(auth.files, upload);
        if (place.kind !== 'ok') return place;
        if (storage.blobs.space.available() - place.length < config.files.diskReserveBytes) {
          return {
            kind: 'insufficient_storage',
            message: 'the server is running out of disk space; try again later',
          } as const;
        }
        storage.blobs.space.debit(place.length);
        // A re-sent chunk is missing until its new bytes are all written.
        await tx.files.markChunk(id, upload.file, upload.chunk, false);
        return place;
      });
      if (prepared.kind !== 'ok') return prepared;

      const written = await storage.blobs.writeChunk(
        id,
        upload.file,
        prepared.offset,
        prepared.length,
        upload.body,
        hold.signal,
      );
      if (written.kind === 'too_long') {
        return {
          kind: 'too_large',
          message: `chunk ${upload.chunk} must be exactly ${prepared.length} bytes; the body was longer`,
        };
      }
      if (written.kind === 'too_short') {
        return {
          kind: 'invalid',
          message: `chunk ${upload.chunk} must be exactly ${prepared.length} bytes; the body had ${written.received}`,
        };
      }
      return await repo.transaction(async (tx): Promise<ChunkResult> => {
        const now = clock.now();
        const auth = await authorize(deps, tx, id, token, now);
        // Deleted (or finalised, expired) while the bytes arrived: nothing is recorded.
        if (auth.kind !== 'ok') return auth;
        if (written.kind === 'aborted') throw new Error('a chunk write was aborted on a push that is still uploading');
        await tx.files.markChunk(id, upload.file, upload.chunk, true);
        await tx.files.touchUpload(id, now + config.files.uploadIdleSeconds * 1000);
        return { kind: 'ok' };
      });
    });
  } finally {
    hold.release();
  }
}

export async function uploadStatus(deps: ServiceDeps, id: string, token: Uint8Array): Promise<StatusResult> {
  return deps.repo.transaction(async (tx): Promise<StatusResult> => {
    const auth = await authorize(deps, tx, id, token, deps.clock.now());
    if (auth.kind !== 'ok') return auth;
    const files = auth.files.map((f) => ({ chunks: f.chunks, received: setRanges(f.received, f.chunks) }));
    const complete = auth.files.every((f) => f.received_count === f.chunks);
    return { kind: 'ok', files, complete, idleExpiresAt: new Date(auth.idleAt).toISOString() };
  });
}

export async function finalizeUpload(
  deps: ServiceDeps,
  id: string,
  token: Uint8Array,
  context: AuditContext,
): Promise<FinalizeResult> {
  const { repo, clock, storage } = deps;
  // Exclusive: no chunk is being written while the blobs are synced and the push marked ready.
  return storage.transfers.exclusive(id, async (): Promise<FinalizeResult> => {
    const first = await repo.transaction((tx) => authorize(deps, tx, id, token, clock.now()));
    if (first.kind !== 'ok') return first;
    const total = first.files.reduce((sum, f) => sum + f.chunks, 0);
    const missing = total - first.files.reduce((sum, f) => sum + f.received_count, 0);
    if (missing > 0) return { kind: 'incomplete', missing, total };
    const synced = await storage.blobs.sync(
      id,
      first.files.map((f) => ({ index: f.idx, bytes: layoutOf(f).blobBytes })),
    );
    if (synced.kind !== 'ok') throw new Error(`blob ${synced.index} has ${synced.size} bytes, not its layout's`);
    return repo.transaction(async (tx): Promise<FinalizeResult> => {
      const now = clock.now();
      const auth = await authorize(deps, tx, id, token, now);
      if (auth.kind !== 'ok') return auth;
      const record = await tx.find(id);
      if (record === undefined) throw new Error('invariant violated: an authorised upload has no push');
      const cap = auditCap(deps.config.audit.maxEventsPerPush, record, auth.files.length);
      if (!eventsFit(record, 1, false, cap)) return lockForAuditCap(tx, id, now);
      await tx.files.closeUpload(id);
      await tx.appendEvents(id, [auditEvent('upload_completed', now, context)]);
      return { kind: 'ok' };
    });
  });
}
