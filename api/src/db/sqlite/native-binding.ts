/**
 * better-sqlite3's native addon inside the single executable. The binary carries the prebuilt addon as
 * a SEA asset, but the dynamic loader can only map a file, so `serve` writes it once to a private cache
 * directory and hands the path to better-sqlite3's `nativeBinding` option (Node's SEA documentation
 * suggests exactly this for native addons).
 *
 * The file is code this process will execute, so the rules are strict: the directory is created 0700
 * and refused if another user could write to it; the file name carries the SHA-256 of its content; an
 * existing file is used only if its content still hashes to that name; a new file is written under a
 * temporary name and renamed into place, so a crash never leaves a half-written addon behind.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { getAsset, isSea } from 'node:sea';

/** SEA asset key of the addon (scripts/build-sea.ts embeds it under this name). */
export const ADDON_ASSET = 'better_sqlite3.node';
/** Cache directory, relative to the data directory. */
const ADDON_CACHE_DIR = '.native';

const ADDON_FILE = /^better_sqlite3-[0-9a-f]{16}\.node$/;

type MaterializedAddon = Readonly<{ path: string; written: boolean; removed: readonly string[] }>;

/**
 * Ensures `<dir>/better_sqlite3-<sha256 prefix>.node` holds exactly `bytes`, and removes the copies
 * that earlier versions left there. Throws with a message naming the directory when it is unsafe.
 */
export function materializeAddon(bytes: Uint8Array, dir: string): MaterializedAddon {
  ensurePrivateDir(dir);
  const digest = sha256(bytes);
  const name = `better_sqlite3-${digest.slice(0, 16)}.node`;
  const path = join(dir, name);
  const written = !holds(path, digest);
  if (written) {
    const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      // 'wx': never follow or reuse something already at the temporary name.
      writeFileSync(temp, bytes, { mode: 0o500, flag: 'wx', flush: true });
      renameSync(temp, path);
    } finally {
      rmSync(temp, { force: true });
    }
  }
  const removed: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (entry === name || !ADDON_FILE.test(entry)) continue;
    try {
      unlinkSync(join(dir, entry));
      removed.push(entry);
    } catch {
      // Another process may have removed it first; leftovers are harmless.
    }
  }
  return { path, written, removed };
}

/**
 * The addon path for `startServer` when running as the single executable, undefined otherwise (then
 * better-sqlite3 finds its own addon in node_modules).
 */
export function embeddedNativeBinding(dataDir: string): string | undefined {
  if (!isSea()) return undefined;
  return materializeAddon(new Uint8Array(getAsset(ADDON_ASSET)), join(dataDir, ADDON_CACHE_DIR)).path;
}

function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = lstatSync(dir);
  const uid = process.getuid?.();
  if (!info.isDirectory()) throw new Error(`native addon cache ${dir} is not a directory`);
  if (uid !== undefined && info.uid !== uid) throw new Error(`native addon cache ${dir} belongs to another user`);
  if ((info.mode & 0o022) !== 0) {
    throw new Error(`native addon cache ${dir} is writable by other users; run: chmod go-w ${dir}`);
  }
}

/** True if `path` is a regular file (not a symlink) whose content hashes to `digest`. */
function holds(path: string, digest: string): boolean {
  try {
    if (!lstatSync(path).isFile()) {
      rmSync(path, { recursive: true, force: true });
      return false;
    }
    return sha256(readFileSync(path)) === digest;
  } catch {
    return false;
  }
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
