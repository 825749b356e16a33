/**
 * The limits a file push must pass at create, before a byte of it is stored (docs/api.md "Limits"):
 * files allowed; 1..maxFiles files; each declared size a real padded size (shared blobLayout) no
 * larger than the padded size of maxFileBytes; their sum within maxPushBytes; then, inside the create
 * transaction so that concurrent creates cannot both take the last room, the storage quota and the
 * disk reserve.
 */
import { blobLayout, paddedFileSize, type BlobLayout } from '@zkpush/shared/file-stream';
import type { DeclaredFile } from '@zkpush/shared/schemas';
import type { FileLimits } from '../../config/config.ts';
import type { FilesRepo } from '../../db/files-repo.ts';

export type FilesPlan = { kind: 'ok'; files: BlobLayout[]; paddedBytes: number; blobBytes: number };
type PlanFailure = { kind: 'invalid'; message: string } | { kind: 'too_large'; message: string };
type RoomResult = { kind: 'ok' } | { kind: 'insufficient_storage'; message: string };

export function planFiles(declared: readonly DeclaredFile[], limits: FileLimits): FilesPlan | PlanFailure {
  if (!limits.allowed) return { kind: 'invalid', message: 'this server does not accept file pushes' };
  if (declared.length > limits.maxFiles) {
    return {
      kind: 'invalid',
      message: `files must list at most ${limits.maxFiles} files on this server (got ${declared.length})`,
    };
  }
  const largest = paddedFileSize(limits.maxFileBytes);
  const files: BlobLayout[] = [];
  for (const [i, file] of declared.entries()) {
    const layout = blobLayout(file.paddedSize);
    if (layout === undefined) {
      return { kind: 'invalid', message: `files[${i}].paddedSize is not a padded file size (Padmé, at least 512)` };
    }
    if (layout.paddedSize > largest) {
      return {
        kind: 'too_large',
        message: `files[${i}] is larger than this server accepts (padded ${layout.paddedSize} bytes; at most ${largest}, for files up to ${limits.maxFileBytes} bytes)`,
      };
    }
    files.push(layout);
  }
  const paddedBytes = files.reduce((sum, f) => sum + f.paddedSize, 0);
  if (paddedBytes > limits.maxPushBytes) {
    return {
      kind: 'too_large',
      message: `the files of a push may hold at most ${limits.maxPushBytes} bytes (padded); these hold ${paddedBytes}`,
    };
  }
  return { kind: 'ok', files, paddedBytes, blobBytes: files.reduce((sum, f) => sum + f.blobBytes, 0) };
}

/**
 * Quota: padded bytes of every push holding blobs, plus this one, within storageQuotaBytes. Disk: the
 * free space `freeBytes` (statfs, read just before the transaction) minus what open uploads have
 * declared but not written yet, minus this push, must leave diskReserveBytes free — blobs are written
 * lazily, so free space alone would let two big uploads promise the same room.
 */
export async function checkRoom(
  files: FilesRepo,
  plan: FilesPlan,
  freeBytes: number,
  limits: FileLimits,
): Promise<RoomResult> {
  const held = await files.heldBytes();
  if (held + plan.paddedBytes > limits.storageQuotaBytes) {
    return { kind: 'insufficient_storage', message: 'the server has no room for these files now (storage quota)' };
  }
  const pending = await files.pendingUploadBytes();
  if (freeBytes - pending - plan.blobBytes < limits.diskReserveBytes) {
    return { kind: 'insufficient_storage', message: 'the server has no room for these files now (disk space)' };
  }
  return { kind: 'ok' };
}
