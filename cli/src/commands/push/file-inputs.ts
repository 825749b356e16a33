/**
 * The files of `zkpush push -f`: each path is looked at (stat, and opened once to prove it is
 * readable) and checked against the server's limits (`files` in /api/v1/config) before anything is
 * encrypted or created, so a typo, a directory or a file too large costs nothing. The server
 * enforces every limit again; the storage quota and the disk reserve only it can check (507).
 */
import { closeSync, openSync, statSync, type Stats } from 'node:fs';
import { basename, resolve } from 'node:path';
import { formatBytes } from '@zkpush/shared/byte-format';
import { paddedFileSize } from '@zkpush/shared/file-stream';
import { MAX_FILE_NAME_LENGTH } from '@zkpush/shared/manifest';
import type { ServerConfig } from '@zkpush/shared/schemas';
import type { Parsed } from '../../args/parse.ts';
import { EXIT, fail, type Failure } from '../../runtime/exit-codes.ts';
import { pushMessages as m } from './messages.ts';
import { mimeTypeOf } from './mime-type.ts';
import { printable } from '../../terminal/terminal-text.ts';

/** A file to push: where it is, what the manifest records, and what it was when looked at. */
export type PushFile = {
  /** As given on the command line, for messages. */
  arg: string;
  /** Absolute path, read from when uploading. */
  path: string;
  /** The manifest name: the last path component. */
  name: string;
  type: string;
  size: number;
};

const usage = (message: string): { kind: 'fail'; failure: Failure } => ({
  kind: 'fail',
  failure: fail(EXIT.usage, message),
});

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'error';

const WHY: Readonly<Record<string, string>> = m.fileError;

function statOne(arg: string, cwd: string): Parsed<PushFile> {
  const shown = printable(arg);
  const path = resolve(cwd, arg);
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (err) {
    const code = codeOf(err);
    return usage(m.fileUnreadable(shown, WHY[code] ?? code));
  }
  if (stats.isDirectory()) {
    return usage(m.fileIsDirectory(shown));
  }
  // A pipe or a device has no size to declare up front (the server reserves room for it at create).
  if (!stats.isFile()) return usage(m.fileNotRegular(shown));
  try {
    closeSync(openSync(path, 'r'));
  } catch (err) {
    const code = codeOf(err);
    return usage(m.fileUnreadable(shown, WHY[code] ?? code));
  }
  const name = basename(path);
  if (name.length > MAX_FILE_NAME_LENGTH) {
    return usage(m.fileNameTooLong(shown, MAX_FILE_NAME_LENGTH));
  }
  return { kind: 'ok', value: { arg, path, name, type: mimeTypeOf(name), size: stats.size } };
}

/** Looks at every path, in order; the first problem is the answer. */
export function statFiles(args: readonly string[], cwd: string): Parsed<PushFile[]> {
  const files: PushFile[] = [];
  for (const arg of args) {
    if (arg === '') return usage(m.fileNameMissing);
    const one = statOne(arg, cwd);
    if (one.kind === 'fail') return one;
    files.push(one.value);
  }
  return { kind: 'ok', value: files };
}

/** The server's file limits, checked as it will check them (exact size per file, padded sum per push). */
export function checkFileLimits(files: readonly PushFile[], limits: ServerConfig['files']): Failure | null {
  const refused = (message: string): Failure => fail(EXIT.usage, m.nothingPushed(message));
  if (!limits.allowed) return refused(m.noFilePushes);
  if (files.length > limits.maxFiles) {
    return refused(m.tooManyFiles(files.length, limits.maxFiles));
  }
  for (const file of files) {
    if (file.size > limits.maxFileBytes) {
      const max = formatBytes(limits.maxFileBytes);
      return refused(m.fileTooLarge(printable(file.arg), formatBytes(file.size), file.size, max, limits.maxFileBytes));
    }
  }
  const padded = files.reduce((sum, f) => sum + paddedFileSize(f.size), 0);
  if (padded > limits.maxPushBytes) {
    return refused(m.pushTooLarge(formatBytes(padded), formatBytes(limits.maxPushBytes)));
  }
  return null;
}
