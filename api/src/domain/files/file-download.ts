/**
 * The recipient's side of a file push (docs/api.md "File pushes"): `GET …/files/:index` with the
 * download token a reveal returned. The token is valid until its window closes, even after the push
 * ended by its last view or by time (a recipient who revealed in time may finish); deletion, burn and
 * lock-out revoke it at once.
 *
 * The first request of each file under a grant records `download_started` (HEAD and refused ranges
 * record nothing). Its room was booked by the reveal (secrets/key-holder.ts); a push still active whose
 * trail filled up with wrong keys in between is destroyed as the audit cap demands (lifecycle/audit.ts).
 */
import { proofHash } from '@zkpush/shared/crypto';
import { blobLayout } from '@zkpush/shared/file-stream';
import { resolveRange, type RangeRequest } from '../../http/byte-range.ts';
import { auditEvent, eventsFit, lockForAuditCap, type AuditContext } from '../lifecycle/audit.ts';
import { statusOf, type Gone, type NotFound } from '../lifecycle/lifecycle.ts';
import type { ServiceDeps } from '../service-deps.ts';

export type DownloadRequest = {
  file: number;
  range: RangeRequest;
  head: boolean;
  /** How to end the transfer if the push is deleted during it (drop the connection); else the body errors. */
  cutOff?: () => void;
};

export type DownloadResult =
  | {
      kind: 'ok';
      /** The whole blob's length (Content-Range's complete-length). */
      size: number;
      /** [start, end) of the blob this response carries. */
      start: number;
      end: number;
      partial: boolean;
      /** The bytes, streamed from disk; null for HEAD. */
      body: ReadableStream<Uint8Array> | null;
    }
  | { kind: 'range_not_satisfiable'; size: number }
  | { kind: 'forbidden' }
  | { kind: 'no_files' }
  | { kind: 'invalid'; message: string }
  | Gone
  | NotFound;

type Checked =
  Exclude<DownloadResult, { kind: 'ok' }> | { kind: 'ok'; size: number; start: number; end: number; partial: boolean };

export async function openDownload(
  deps: ServiceDeps,
  id: string,
  token: Uint8Array,
  request: DownloadRequest,
  context: AuditContext,
): Promise<DownloadResult> {
  const { repo, clock, storage, config } = deps;
  const hash = proofHash(token);
  // Held from before the checks until the last byte is sent, so a deletion either comes first (and
  // the checks fail) or aborts this stream before it unlinks anything.
  const hold = await storage.transfers.share(id);
  let streaming = false;
  try {
    const checked = await repo.transaction(async (tx): Promise<Checked> => {
      const now = clock.now();
      const push = await tx.files.findPush(id);
      if (push === undefined) {
        const status = statusOf(await tx.find(id), now, config.retentionMs);
        return status.kind === 'active' ? { kind: 'no_files' } : status;
      }
      const grant = await tx.files.findGrant(hash);
      if (grant === undefined || grant.secret_id !== id || now >= grant.expires_at) return { kind: 'forbidden' };
      const file = await tx.files.findFile(id, request.file);
      const layout = file === undefined ? undefined : blobLayout(file.padded_size);
      if (layout === undefined) {
        return { kind: 'invalid', message: `file index ${request.file} is outside 0..${push.file_count - 1}` };
      }
      const range = resolveRange(request.range, layout.blobBytes);
      if (range.kind === 'unsatisfiable') return { kind: 'range_not_satisfiable', size: layout.blobBytes };
      if (!request.head && (await tx.files.markStarted(hash, request.file))) {
        const record = await tx.find(id);
        // A purged tombstone (ZKPUSH_AUDIT_RETENTION=0) has no trail left to write to.
        if (record !== undefined) {
          const active = record.state === 'active';
          if (active && !eventsFit(record, 1, false, config.audit.maxEventsPerPush))
            return lockForAuditCap(tx, id, now);
          await tx.appendEvents(id, [auditEvent('download_started', now, context)]);
        }
      }
      return {
        kind: 'ok',
        size: layout.blobBytes,
        start: range.start,
        end: range.end,
        partial: range.kind === 'partial',
      };
    });
    if (checked.kind !== 'ok') return checked;
    if (request.head) return { ...checked, body: null };
    const body = storage.blobs.read(id, request.file, checked, hold.signal, hold.release, request.cutOff);
    streaming = true;
    return { ...checked, body };
  } finally {
    if (!streaming) hold.release();
  }
}
