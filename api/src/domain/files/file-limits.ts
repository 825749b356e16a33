/**
 * The limits a file push must pass at create, before a byte of it is stored (docs/api.md "Limits"):
 * files allowed; 1..maxFiles files; each declared size a real padded size (shared blobLayout) no
 * larger than the padded size of maxFileBytes; their sum within maxPushBytes. The storage quota and
 * the disk reserve, which every push must pass, are checked inside the create transaction
 * (domain/storage-room.ts).
 */
import { blobLayout, paddedFileSize, type BlobLayout } from '@zkpush/shared/file-stream';
import type { DeclaredFile } from '@zkpush/shared/schemas';
import type { FileLimits } from '../../config/config.ts';

export type FilesPlan = { kind: 'ok'; files: BlobLayout[]; paddedBytes: number; blobBytes: number };
type PlanFailure = { kind: 'invalid'; message: string } | { kind: 'too_large'; message: string };

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
