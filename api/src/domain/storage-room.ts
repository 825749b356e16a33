/**
 * The storage quota and the disk reserve, for every new push — text or files (docs/api.md "POST
 * /api/v1/secrets", docs/configuration.md). Checked inside the create transaction, against the
 * usage row that migration 0006's triggers keep exact, so that concurrent creates can never both take
 * the last room; a refusal is 507 `insufficient_storage`, before anything is stored and long before
 * the disk is full.
 *
 * - Quota: every stored envelope, plus the padded files of every push still holding blobs, plus this
 *   push's envelope and padded files, within ZKPUSH_STORAGE_QUOTA.
 * - Disk: the free space `freeBytes` (blobs/free-space.ts: statfs at most once a second, minus what the
 *   pushes and chunks let in since will write — the caller debits them) minus what open uploads
 *   have declared but not written yet, minus what this push will write, must leave ZKPUSH_DISK_RESERVE
 *   free — blobs are written lazily, so free space alone would let two big uploads promise the same
 *   room. An envelope is written twice before the sweeper's checkpoint truncates the WAL (its pages go
 *   to the WAL first, then to the database file), so it counts twice.
 */
import type { FileLimits } from '../config/config.ts';
import type { SecretsRepo } from '../db/secrets-repo.ts';

type StorageLimits = Pick<FileLimits, 'storageQuotaBytes' | 'diskReserveBytes'>;

/** What a new push will store. */
export type RoomNeeded = {
  envelopeBytes: number;
  /** Padded sizes of its files (what the quota counts); 0 for a text push. */
  paddedFileBytes: number;
  /** Bytes its blob files will take on disk (padded sizes plus a tag per chunk); 0 for a text push. */
  blobBytes: number;
};

type RoomResult = { kind: 'ok' } | { kind: 'insufficient_storage'; message: string };

/** Times an envelope's size it may take on disk until the WAL is checkpointed and truncated. */
export const ENVELOPE_DISK_FACTOR = 2;

export async function checkRoom(
  repo: SecretsRepo,
  need: RoomNeeded,
  freeBytes: number,
  limits: StorageLimits,
): Promise<RoomResult> {
  const what = need.paddedFileBytes > 0 ? 'these files' : 'this secret';
  const usage = await repo.storageUsage();
  const held = usage.envelopeBytes + usage.fileBytes;
  if (held + need.envelopeBytes + need.paddedFileBytes > limits.storageQuotaBytes) {
    return { kind: 'insufficient_storage', message: `the server has no room for ${what} now (storage quota)` };
  }
  const pending = await repo.files.pendingUploadBytes();
  const writes = need.envelopeBytes * ENVELOPE_DISK_FACTOR + need.blobBytes;
  if (freeBytes - pending - writes < limits.diskReserveBytes) {
    return { kind: 'insufficient_storage', message: `the server has no room for ${what} now (disk space)` };
  }
  return { kind: 'ok' };
}
