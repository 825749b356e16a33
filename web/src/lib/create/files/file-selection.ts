/**
 * The files chosen on the create page, and whether this server takes them: count, each file's exact
 * size against ZKPUSH_MAX_FILE_BYTES, the sum of padded sizes against ZKPUSH_MAX_PUSH_BYTES (what the
 * server counts, shared/src/file-stream.ts), and the manifest (names, types, message) against the
 * envelope limit. The server checks all of it again; this only explains the limits before any work.
 */
import { fileLayout } from '@zkpush/shared/file-stream';
import { fileEntry, MAX_FILE_NAME_LENGTH, MAX_FILE_TYPE_LENGTH, type FilesPayload } from '@zkpush/shared/manifest';
import { envelopeBytesFor } from '@zkpush/shared/push';
import type { ServerConfig } from '@zkpush/shared/schemas';
import { FILE_NONCE_PREFIX_BYTES, PAYLOAD_VERSION } from '@zkpush/shared/wire-constants';
import { fileErrors } from '#lib/create/create-messages.ts';

/** What is read of a `File` (tests pass plain objects). */
export interface FileLike {
  readonly name: string;
  readonly type: string;
  readonly size: number;
  readonly lastModified: number;
}

type FileLimits = Pick<ServerConfig['files'], 'maxFiles' | 'maxFileBytes' | 'maxPushBytes'> & {
  maxEnvelopeBytes: number;
};

export type FilesCheck =
  | { kind: 'ok' }
  | {
      kind: 'invalid';
      /** About the selection as a whole (none, too many, too large together, manifest too long). */
      files?: string;
      /** Per file, in order: why this one cannot be sent. */
      perFile: (string | undefined)[];
    };

const MIME = /^[\x21-\x7e]*$/;

/** The MIME type as the manifest may carry it (manifest.ts): unknown or odd types become "". */
export function manifestType(type: string): string {
  return type.length <= MAX_FILE_TYPE_LENGTH && MIME.test(type) ? type : '';
}

const sameFile = (a: FileLike, b: FileLike): boolean =>
  a.name === b.name && a.size === b.size && a.lastModified === b.lastModified;

/** Appends newly picked or dropped files, skipping ones already in the list. */
export function addFiles<T extends FileLike>(current: readonly T[], incoming: Iterable<T>): T[] {
  const out = [...current];
  for (const f of incoming) if (!out.some((known) => sameFile(known, f))) out.push(f);
  return out;
}

/** Sum of padded sizes: what the server reserves and counts against its limits. */
export function paddedTotal(files: readonly Pick<FileLike, 'size'>[]): number {
  return files.reduce((n, f) => n + fileLayout(f.size).paddedSize, 0);
}

/** Decoded envelope bytes of the manifest these files and message make. */
export function manifestEnvelopeBytes(files: readonly FileLike[], message: string): number {
  const prefix = new Uint8Array(FILE_NONCE_PREFIX_BYTES);
  const entries = files.map((f) => fileEntry(f.name, manifestType(f.type), f.size, prefix));
  const payload: FilesPayload = message
    ? { v: PAYLOAD_VERSION, kind: 'files', message, files: entries }
    : { v: PAYLOAD_VERSION, kind: 'files', files: entries };
  return envelopeBytesFor(payload);
}

export function checkFiles(files: readonly FileLike[], message: string, limits: FileLimits): FilesCheck {
  const perFile = files.map((f): string | undefined => {
    if (f.size > limits.maxFileBytes) return fileErrors.fileTooLarge(limits.maxFileBytes);
    if (f.name.length === 0 || f.name.length > MAX_FILE_NAME_LENGTH) {
      return fileErrors.nameLength(MAX_FILE_NAME_LENGTH);
    }
    return undefined;
  });
  let whole: string | undefined;
  if (files.length === 0) whole = fileErrors.none;
  else if (files.length > limits.maxFiles) {
    const over = files.length - limits.maxFiles;
    whole = fileErrors.tooMany(limits.maxFiles, over);
  } else if (perFile.every((p) => p === undefined)) {
    if (paddedTotal(files) > limits.maxPushBytes) {
      whole = fileErrors.tooLargeTogether(limits.maxPushBytes);
    } else if (manifestEnvelopeBytes(files, message) > limits.maxEnvelopeBytes) {
      whole = fileErrors.manifestTooLong;
    }
  }
  return whole === undefined && perFile.every((p) => p === undefined)
    ? { kind: 'ok' }
    : { kind: 'invalid', ...(whole === undefined ? {} : { files: whole }), perFile };
}
