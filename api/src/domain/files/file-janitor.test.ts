/** The sweeper's file-push steps: abandoned uploads, resumed ones, and leftovers found at start-up. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import {
  bearer,
  createFilePush,
  patternBytes,
  putChunk,
  streamedBody,
  uploadAll,
  type FilePush,
} from '../../testing/file-push.ts';
import { expectError } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const HOUR = 3600_000;
const MINUTE = 60_000;
const files = () => [{ name: 'a', bytes: patternBytes(3 * 1024 * 1024, 9) }];
const blobDir = (id: string) => join(t.dataDir, 'blobs', id);

describe('abandoned uploads', () => {
  test('no chunk for the idle timeout: the push is deleted with upload_abandoned and its chunks unlinked', async () => {
    const push = await createFilePush(t.app, files(), { expiresIn: 7 * 24 * 3600 });
    await putChunk(t.app, push, 0, 0);
    expect(existsSync(blobDir(push.id))).toBe(true);
    t.clock.advance(HOUR - 1);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(0);
    t.clock.advance(1);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(1);
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect(await t.repo.files.findPush(push.id)).toBeUndefined();
    expect((await t.repo.listEvents(push.id, 0, 10)).map((e) => e.type)).toEqual(['created', 'upload_abandoned']);
    expect(await expectError(await t.app.request(`/api/v1/secrets/${push.id}`), 410)).toMatchObject({
      reason: 'deleted',
    });
    expect((await expectError(await putChunk(t.app, push, 0, 1), 410)).code).toBe('gone');
  });

  test('a resumed upload (a chunk before the deadline) is not abandoned and can finish', async () => {
    const push = await createFilePush(t.app, files());
    await putChunk(t.app, push, 0, 0);
    t.clock.advance(HOUR - 1000);
    await putChunk(t.app, push, 0, 1);
    t.clock.advance(HOUR - 1000);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(0);
    await uploadAll(t.app, push);
    t.clock.advance(2 * HOUR);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(0);
    expect(existsSync(blobDir(push.id))).toBe(true);
  });

  test('an upload that outlives its push expires (expired_by_time) and its chunks go with the sweep', async () => {
    const push = await createFilePush(t.app, files(), { expiresIn: 600 });
    await putChunk(t.app, push, 0, 0);
    t.clock.advance(601_000);
    const report = await t.sweeper.sweepOnce();
    expect(report).toMatchObject({ expired: 1, abandoned: 0, drained: 1 });
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect((await t.repo.listEvents(push.id, 0, 10)).map((e) => e.type)).toEqual(['created', 'expired_by_time']);
  });
});

describe('the start deadline (ZKPUSH_UPLOAD_START_TIMEOUT, 10 min)', () => {
  const idleExpiresAt = async (push: FilePush) => {
    const res = await t.app.request(`/api/v1/secrets/${push.id}/upload`, { headers: bearer(push.uploadToken) });
    return ((await res.json()) as { idleExpiresAt: string }).idleExpiresAt;
  };

  /** A first chunk that breaks off after 1000 bytes: written to the blob, but never recorded. */
  async function brokenFirstChunk(push: FilePush): Promise<number> {
    const res = await putChunk(t.app, push, 0, 0, streamedBody([push.chunks[0]![0]!.subarray(0, 1000)], 'break'));
    return res.status;
  }

  test('no chunk stored within it: abandoned like an idle upload (upload_abandoned, blobs unlinked)', async () => {
    const push = await createFilePush(t.app, files(), { expiresIn: 7 * 24 * 3600 });
    expect(await idleExpiresAt(push)).toBe(new Date(FAKE_EPOCH + 10 * MINUTE).toISOString());
    // Bytes that arrived without completing a chunk do not count as a start.
    expect(await brokenFirstChunk(push)).toBe(400);
    expect(existsSync(blobDir(push.id))).toBe(true);
    t.clock.advance(10 * MINUTE - 1);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(0);
    t.clock.advance(1);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(1);
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect(await t.repo.files.findPush(push.id)).toBeUndefined();
    expect(await t.repo.files.heldBytes()).toBe(0);
    expect((await t.repo.listEvents(push.id, 0, 10)).map((e) => e.type)).toEqual(['created', 'upload_abandoned']);
    expect(await expectError(await t.app.request(`/api/v1/secrets/${push.id}`), 410)).toMatchObject({
      reason: 'deleted',
    });
  });

  test('after the first stored chunk the idle timeout applies instead', async () => {
    const push = await createFilePush(t.app, files());
    t.clock.advance(9 * MINUTE);
    expect((await putChunk(t.app, push, 0, 0)).status).toBe(204);
    expect(await idleExpiresAt(push)).toBe(new Date(FAKE_EPOCH + 9 * MINUTE + HOUR).toISOString());
    t.clock.advance(30 * MINUTE);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(0);
    t.clock.advance(HOUR - 30 * MINUTE);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(1);
    expect(existsSync(blobDir(push.id))).toBe(false);
  });

  test('an operator may set it longer than the idle timeout: the first chunk then shortens the deadline', async () => {
    await t.reconfigure({
      config: { files: { ...t.config.files, uploadStartSeconds: 2 * 3600, uploadIdleSeconds: 3600 } },
    });
    const push = await createFilePush(t.app, files());
    expect(await idleExpiresAt(push)).toBe(new Date(FAKE_EPOCH + 2 * HOUR).toISOString());
    expect((await putChunk(t.app, push, 0, 0)).status).toBe(204);
    expect(await idleExpiresAt(push)).toBe(new Date(FAKE_EPOCH + HOUR).toISOString());
  });
});

describe('leftovers at start-up', () => {
  test('directories no push claims are removed; claimed ones and foreign names stay', async () => {
    const push = await createFilePush(t.app, files());
    await putChunk(t.app, push, 0, 0);
    const orphan = 'AAAAAAAAAAAAAAAAAAAAAA';
    mkdirSync(blobDir(orphan));
    writeFileSync(join(blobDir(orphan), '0'), 'ciphertext from before a crash');
    writeFileSync(join(t.dataDir, 'blobs', 'README'), 'not ours to judge');
    expect(await t.janitor.removeLeftovers()).toBe(1);
    expect(existsSync(blobDir(orphan))).toBe(false);
    expect(existsSync(join(blobDir(push.id), '0'))).toBe(true);
    expect(existsSync(join(t.dataDir, 'blobs', 'README'))).toBe(true);
    expect(t.logLines.join('\n')).toContain('unexpected entry in the blobs directory left alone');
  });
});

test('on a full disk an ended push’s blobs are unlinked even though its row cannot be released yet', async () => {
  const push = await createFilePush(t.app, files(), { expiresIn: 600 });
  await putChunk(t.app, push, 0, 0);
  t.clock.advance(601_000);
  const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  const release = vi.spyOn(t.repo.files, 'release').mockRejectedValue(full);
  await expect(t.sweeper.sweepOnce()).rejects.toBe(full);
  // The unlink came first: the disk has its room back while the database cannot be written.
  expect(existsSync(blobDir(push.id))).toBe(false);
  expect(await t.repo.files.findPush(push.id)).toBeDefined();
  release.mockRestore();
  expect((await t.sweeper.sweepOnce()).drained).toBe(1);
  expect(await t.repo.files.findPush(push.id)).toBeUndefined();
});
