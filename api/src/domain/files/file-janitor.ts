/**
 * What the sweeper does for file pushes (docs/api.md "File pushes", lifecycle), in small batches:
 *
 * 1. Abandoned uploads — no chunk before the deadline (ZKPUSH_UPLOAD_START_TIMEOUT after create until
 *    the first chunk is stored, then ZKPUSH_UPLOAD_IDLE_TIMEOUT after the latest): the push is deleted
 *    (state `deleted`, event `upload_abandoned`), its reservation freed and its partial blobs unlinked.
 * 2. Ended pushes — last view, expiry, or a tombstone already purged — whose download grants have all
 *    closed: blobs unlinked (a download still running when the last window closes is cut off).
 * 3. Closed grants of pushes that are still active are forgotten.
 *
 * And once at start-up, before the server listens: blob directories that no `file_pushes` row claims
 * (a crash between a commit and the unlink that should follow it) are removed, so nothing a crash
 * leaves behind is ever served or kept.
 */
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import { isPushId } from '../../blobs/blob-store.ts';
import type { Logger } from '../../logger.ts';
import { auditEvent, settleExpiry } from '../lifecycle/audit.ts';
import { discardBlobs, type FileStorage } from './file-storage.ts';

export interface FileJanitor {
  /** One batch of each step as of `now`; counts of what it did (a full batch means: run again). */
  abandonUploads(now: number, limit: number): Promise<number>;
  drainEnded(now: number, limit: number): Promise<number>;
  purgeClosedGrants(now: number, limit: number): Promise<number>;
  /** Removes blob directories without a `file_pushes` row; returns how many. */
  removeLeftovers(): Promise<number>;
}

export function createFileJanitor(deps: { repo: SecretsRepo; storage: FileStorage; logger: Logger }): FileJanitor {
  const { repo, storage, logger } = deps;

  return {
    async abandonUploads(now, limit) {
      const ids = await repo.files.abandonedUploads(now, limit);
      for (const id of ids) {
        await repo.transaction(async (tx) => {
          const push = await tx.files.findPush(id);
          if (push?.upload_idle_at == null || push.upload_idle_at > now) return;
          const record = await tx.find(id);
          // An upload that ran past the push's expiry first keeps that as its end.
          if (record !== undefined && now >= record.expires_at) await settleExpiry(tx, record, now);
          else if (await tx.end(id, 'deleted', now)) await tx.appendEvents(id, [auditEvent('upload_abandoned', now)]);
          await tx.files.release(id);
        });
        await discardBlobs(storage, id);
      }
      return ids.length;
    },

    async drainEnded(now, limit) {
      const ids = await repo.files.drainable(now, limit);
      for (const id of ids) {
        // Nothing can open a new grant on an ended push, so the selection still holds — and the blobs
        // can go before the row: on a full disk the row's release (a database write) fails, and
        // unlinking first is what gives the disk its room back. Should the release fail, the push is
        // drained again next time, finding no blobs (discardBlobs is idempotent).
        await discardBlobs(storage, id);
        await repo.files.release(id);
      }
      return ids.length;
    },

    purgeClosedGrants: (now, limit) => repo.files.purgeClosedGrants(now, limit),

    async removeLeftovers() {
      const names = await storage.blobs.list();
      const ids = names.filter(isPushId);
      for (const name of names) {
        if (!isPushId(name)) logger.warn('unexpected entry in the blobs directory left alone', { name });
      }
      let removed = 0;
      for (let i = 0; i < ids.length; i += 100) {
        const batch = ids.slice(i, i + 100);
        const known = await repo.files.existing(batch);
        for (const id of batch) {
          if (known.has(id)) continue;
          await discardBlobs(storage, id);
          removed += 1;
        }
      }
      return removed;
    },
  };
}
