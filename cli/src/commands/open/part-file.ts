/**
 * One downloaded file on its way into the output directory of `zkpush open -o DIR`. Bytes go to a
 * temporary `.zkpush-<random>.zkpush-part` file in DIR, created exclusively with mode 0600 (never
 * through a planted symlink, never readable by others); only once the whole file verified is it
 * fsync'd and given its name, and the directory fsync'd, so a file under its real name is always a
 * complete, authentic one. Anything that fails on the way removes the part file.
 *
 * Giving the name never replaces an existing file unless `force`: the part file is hard-linked to
 * the name (which fails if anything, even a dangling symlink, is there) and, if the name is taken,
 * to "name (2)", "name (3)", … instead. With `force` it is renamed over an existing file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { numbered } from '@zkpush/shared/safe-name';

export const PART_SUFFIX = '.zkpush-part';

export const errorCode = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'error';

/** Tries for a free "name (n)" before giving up (a directory full of copies of one name). */
const MAX_NUMBERED = 1000;

/** Errors of link(2) that mean "this file system has no hard links", not "the name is taken". */
const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

export interface PartFile {
  /** Appends verified bytes (awaited: a slow disk slows the download, nothing piles up in memory). */
  write(bytes: Uint8Array): Promise<void>;
  /**
   * fsyncs and names the file `name` in the directory (or a numbered variant unless `force`, avoiding
   * names in `avoid`); returns the name used.
   */
  commit(name: string, options: { force: boolean; avoid: ReadonlySet<string> }): Promise<string>;
  /** Removes the part file (after a failure); safe to call more than once. */
  discard(): Promise<void>;
}

function syncDirectory(dir: string): void {
  // Makes the new name durable; some file systems refuse fsync on a directory, which is harmless.
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // EINVAL/EISDIR on file systems without directory fsync.
  }
}

/** Links `from` to a free name; undefined when the file system cannot hard-link. */
function linkToFreeName(dir: string, from: string, name: string, avoid: ReadonlySet<string>): string | undefined {
  for (let n = 1; n <= MAX_NUMBERED; n++) {
    const candidate = n === 1 ? name : numbered(name, n);
    if (n > 1 && avoid.has(candidate.toLowerCase())) continue;
    try {
      linkSync(from, join(dir, candidate));
      return candidate;
    } catch (err) {
      const code = errorCode(err);
      if (NO_HARD_LINKS.has(code)) return undefined;
      if (code !== 'EEXIST') throw err;
    }
  }
  throw Object.assign(new Error(`no free name for ${name} in the directory`), { code: 'EEXIST' });
}

/** Without hard links: reserve a free name with O_EXCL, then rename the part file over the reservation. */
function renameToFreeName(dir: string, from: string, name: string, avoid: ReadonlySet<string>): string {
  for (let n = 1; n <= MAX_NUMBERED; n++) {
    const candidate = n === 1 ? name : numbered(name, n);
    if (n > 1 && avoid.has(candidate.toLowerCase())) continue;
    const target = join(dir, candidate);
    try {
      closeSync(openSync(target, 'wx', 0o600));
    } catch (err) {
      if (errorCode(err) === 'EEXIST') continue;
      throw err;
    }
    try {
      renameSync(from, target);
      return candidate;
    } catch (err) {
      unlinkSync(target);
      throw err;
    }
  }
  throw Object.assign(new Error(`no free name for ${name} in the directory`), { code: 'EEXIST' });
}

export async function createPartFile(dir: string): Promise<PartFile> {
  const partPath = join(dir, `.zkpush-${randomBytes(6).toString('hex')}${PART_SUFFIX}`);
  // 'wx': O_CREAT | O_EXCL, which also refuses a symlink at that path.
  let handle: FileHandle | undefined = await open(partPath, 'wx', 0o600);
  let present = true;

  const close = async (): Promise<void> => {
    const h = handle;
    handle = undefined;
    await h?.close();
  };

  return {
    async write(bytes) {
      if (!handle) throw new Error('the part file is closed');
      for (let at = 0; at < bytes.length;) {
        const { bytesWritten } = await handle.write(bytes, at, bytes.length - at);
        at += bytesWritten;
      }
    },
    async commit(name, { force, avoid }) {
      if (!handle) throw new Error('the part file is closed');
      await handle.sync();
      await close();
      let used: string | undefined;
      if (force) {
        try {
          renameSync(partPath, join(dir, name));
          used = name;
        } catch (err) {
          // A directory of that name cannot be replaced: fall back to a free name.
          if (!['EISDIR', 'ENOTEMPTY', 'EEXIST', 'ENOTDIR'].includes(errorCode(err))) throw err;
        }
      }
      if (used === undefined) {
        const linked = linkToFreeName(dir, partPath, name, avoid);
        if (linked === undefined) {
          used = renameToFreeName(dir, partPath, name, avoid);
        } else {
          used = linked;
          unlinkSync(partPath);
        }
      }
      present = false;
      syncDirectory(dir);
      return used;
    },
    async discard() {
      await close().catch(() => undefined);
      if (!present) return;
      present = false;
      try {
        unlinkSync(partPath);
      } catch {
        // Already gone.
      }
    },
  };
}
