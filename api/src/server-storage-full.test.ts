/**
 * A full disk, for real: the data directory on a 4 MiB tmpfs this test mounts, filled up by another
 * "program" (a filler file) after pushes were made. Creates are refused with 507, reveals and deletions
 * of existing pushes work or answer 507 `storage_full`, nothing answers 500, the log names SQLite's
 * error instead of "cannot rollback", and once the filler is gone everything works again without a
 * restart. Mounting needs root (CAP_SYS_ADMIN); where the test cannot mount it is skipped and says why.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, rmdirSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { CreateSecretResponse, ErrorBody } from '@zkpush/shared/schemas';
import { parseConfig } from './config/config.ts';
import { createMemoryLogger } from './logger.ts';
import { startServer } from './server.ts';
import { fakeEnvelope, proofPair } from './testing/harness.ts';

const KiB = 1024;
const mountPoint = mkdtempSync(join(tmpdir(), 'zkpush-full-'));

function tryMount(): string | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', mountPoint], { stdio: 'pipe' });
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.split('\n')[0] : String(err);
  }
}
const cannotMount = tryMount();
let unmounted = cannotMount !== undefined;
function unmount(): void {
  if (unmounted) return;
  unmounted = true;
  try {
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
  } catch {
    // Something still holds a file there: detach it now, the kernel frees it when the last file closes.
    execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
  }
  rmdirSync(mountPoint);
}
// Even if the worker goes down mid-test, the machine is not left with a mount.
process.once('exit', () => {
  if (!unmounted) unmount();
});
afterAll(() => {
  if (cannotMount !== undefined) rmSync(mountPoint, { recursive: true, force: true });
  else unmount();
});
if (cannotMount !== undefined) {
  console.warn(`server-storage-full.test.ts: skipped — cannot mount a tmpfs here (needs root): ${cannotMount}`);
}

/** Writes until the file system says ENOSPC; returns the filler's path. */
function fillUp(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  try {
    for (const size of [256 * KiB, 4 * KiB, 512, 1]) {
      const piece = Buffer.alloc(size, 0xaa);
      try {
        for (;;) writeSync(fd, piece);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

describe.skipIf(cannotMount !== undefined)('the data directory on a file system that fills up', () => {
  test('creates 507; reveals and deletes work or 507 storage_full; never 500; recovers when space returns', async () => {
    let offset = 0;
    const clock = { now: () => Date.now() + offset };
    const parsed = parseConfig({
      ZKPUSH_PORT: '0',
      ZKPUSH_HOST: '127.0.0.1',
      ZKPUSH_DATA_DIR: join(mountPoint, 'data'),
      ZKPUSH_WEB_DIR: join(mountPoint, 'no-web-build'),
      ZKPUSH_DISK_RESERVE: '0',
      ZKPUSH_RATE_LIMIT: 'off',
      ZKPUSH_SWEEP_INTERVAL: '1s',
    });
    if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
    const logger = createMemoryLogger('debug');
    const server = await startServer({ config: parsed.config, clock, logger, shutdownGraceMs: 1000 });
    const statuses: number[] = [];
    const call = async (path: string, init: RequestInit = {}): Promise<Response> => {
      const res = await fetch(`${server.url}${path}`, init);
      statuses.push(res.status);
      return res;
    };
    const post = (path: string, body: unknown) =>
      call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const create = async (bytes: number, options: { views?: number; expiresIn?: number } = {}) => {
      const { keyProof, keyProofHash } = proofPair();
      const res = await post('/api/v1/secrets', {
        envelope: toBase64url(fakeEnvelope(bytes)),
        keyProofHash,
        ...options,
      });
      return { res, keyProof };
    };
    const made = async (bytes: number, options: { views?: number; expiresIn?: number } = {}) => {
      const { res, keyProof } = await create(bytes, options);
      expect(res.status).toBe(201);
      return { ...v.parse(CreateSecretResponse, await res.json()), keyProof };
    };
    const reveal = (push: { id: string; keyProof: string }) =>
      post(`/api/v1/secrets/${push.id}/reveal`, { keyProof: push.keyProof });
    const remove = (push: { id: string; ownerToken: string }) =>
      call(`/api/v1/secrets/${push.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${push.ownerToken}` } });
    const code = async (res: Response) => v.parse(ErrorBody, await res.json()).error.code;

    let filler: string | undefined;
    try {
      const revealed = await made(32 * KiB, { views: 3 });
      const deleted = await made(32 * KiB, { views: 3 });
      const expiring = await made(32 * KiB, { views: 3, expiresIn: 3600 });
      const later = await made(32 * KiB, { views: 3 });

      filler = fillUp(mountPoint);

      // A create is refused before it writes anything: the disk reserve check sees no free space.
      const refused = await create(16 * KiB);
      expect(refused.res.status).toBe(507);
      expect(['insufficient_storage', 'storage_full']).toContain(await code(refused.res));
      // Reads need no room.
      expect((await call(`/api/v1/secrets/${revealed.id}`)).status).toBe(200);
      // Writes to existing pushes: done if SQLite finds room in its files, else a clear 507.
      const revealAnswer = await reveal(revealed);
      const deleteAnswer = await remove(deleted);
      expect([200, 507]).toContain(revealAnswer.status);
      expect([204, 507]).toContain(deleteAnswer.status);
      for (const res of [revealAnswer, deleteAnswer])
        if (res.status === 507) expect(await code(res)).toBe('storage_full');
      // The sweeper meets the full disk too (it must expire `expiring`).
      offset = 2 * 3600 * 1000;
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await call(`/api/v1/secrets/${expiring.id}`)).status).toBe(410);

      const log = logger.lines.join('\n');
      expect(log).not.toContain('cannot rollback');
      expect(log).not.toContain('unhandled error');
      if (log.includes('storage full')) expect(log).toMatch(/SQLITE_FULL|ENOSPC/);
      expect(statuses).not.toContain(500);

      // Space returns: no restart, no operator action beyond freeing it.
      rmSync(filler);
      filler = undefined;
      expect((await create(16 * KiB)).res.status).toBe(201);
      expect((await reveal(later)).status).toBe(200);
      expect((await remove(later)).status).toBe(204);
      if (revealAnswer.status === 507) expect((await reveal(revealed)).status).toBe(200);
      if (deleteAnswer.status === 507) expect((await remove(deleted)).status).toBe(204);
      // The sweeper catches up by itself on its next tick.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(logger.lines.some((line) => line.includes('"sweep"') && line.includes('"expired":1'))).toBe(true);
      expect(statuses).not.toContain(500);
    } finally {
      if (filler !== undefined) rmSync(filler, { force: true });
      await server.close();
    }
  }, 30_000);
});
