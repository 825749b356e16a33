/**
 * `zkpush open -o FILE`: the plaintext goes to a file only its owner can read (mode 0600), and the file
 * is claimed *before* the reveal uses up a view, so "file exists" or "directory not writable" never
 * costs the secret. Without --force an existing file is refused (O_CREAT|O_EXCL, which also refuses a
 * symlink planted at the path). With --force the secret is written to a fresh 0600 file beside the
 * target and renamed over it, so an existing file's looser mode is never inherited.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EXIT, fail, type Failure } from '../../runtime/exit-codes.ts';
import type { Parsed } from '../../args/parse.ts';
import { openMessages as m } from './messages.ts';

export interface OutputFile {
  /** Writes everything, closes, and (with --force) moves it into place. */
  commit(bytes: Uint8Array): Failure | null;
  /** Removes the claimed file after a failure before any secret was written. */
  abort(): void;
}

function reason(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : m.unknownError;
}

export function claimOutputFile(path: string, options: { cwd: string; force: boolean }): Parsed<OutputFile> {
  const target = resolve(options.cwd, path);
  if (options.force && statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
    return { kind: 'fail', failure: fail(EXIT.usage, m.outputIsDirectory(path)) };
  }
  const writePath = options.force
    ? join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.zkpush-tmp`)
    : target;
  let fd: number;
  try {
    fd = openSync(writePath, 'wx', 0o600);
  } catch (err) {
    const code = reason(err);
    if (code === 'EEXIST' && !options.force) {
      return { kind: 'fail', failure: fail(EXIT.usage, m.outputExists(path)) };
    }
    return { kind: 'fail', failure: fail(EXIT.other, m.cannotCreate(path, code)) };
  }
  let open = true;
  const close = (): void => {
    if (open) closeSync(fd);
    open = false;
  };
  const abort = (): void => {
    // Best effort, each step on its own: a failed close must not keep the file from being removed.
    for (const step of [close, () => unlinkSync(writePath)]) {
      try {
        step();
      } catch {
        // Already closed or gone.
      }
    }
  };
  return {
    kind: 'ok',
    value: {
      commit(bytes) {
        try {
          for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
          fsyncSync(fd);
          close();
          if (writePath !== target) renameSync(writePath, target);
          return null;
        } catch (err) {
          // A partial file must not pass for the secret.
          abort();
          return fail(EXIT.other, m.cannotWriteFile(path, reason(err)));
        }
      },
      abort,
    },
  };
}
