/**
 * What ends a file push's blobs, shared by every path that ends a push (docs/api.md "File pushes",
 * lifecycle):
 *
 * - Creator deletion, viewer burn and lock-out (wrong passphrases, audit cap) destroy *now*: `destroy`
 *   ends the row and releases the blobs in the same transaction — every download grant revoked with
 *   it — and after the commit `discardBlobs` cuts off in-flight transfers and unlinks the files.
 * - The last view and expiry by time end the row only; open grants stay valid until their window
 *   closes, and the sweeper discards the blobs then (file-janitor.ts).
 */
import type { GoneReason } from '@zkpush/shared/errors';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import type { BlobStore } from '../../blobs/blob-store.ts';
import type { TransferRegistry } from '../../blobs/transfer-registry.ts';

export type FileStorage = { blobs: BlobStore; transfers: TransferRegistry };

/** Results after which a push's blobs must go now: it was deleted or locked (perhaps by this call). */
export function endedNow(result: { kind: string; reason?: GoneReason }): boolean {
  return result.kind === 'gone' && (result.reason === 'deleted' || result.reason === 'locked');
}

/** Ends an active push as deleted or locked and releases its blobs; false if it was not active. */
export async function destroy(tx: SecretsRepo, id: string, state: 'deleted' | 'locked', now: number): Promise<boolean> {
  const ended = await tx.end(id, state, now);
  if (ended) await tx.files.release(id);
  return ended;
}

/**
 * Aborts the push's in-flight uploads and downloads and unlinks its blobs once they have stopped.
 * Call it after the transaction that released them has committed; it is idempotent, so calling it
 * for a push that had no blobs (a text push) costs one failed directory lookup.
 */
export async function discardBlobs(storage: FileStorage, id: string): Promise<void> {
  storage.transfers.abort(id);
  await storage.transfers.exclusive(id, () => storage.blobs.remove(id));
}
