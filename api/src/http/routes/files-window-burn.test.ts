/**
 * A recipient who used a file push's last view may still delete its files early while the download
 * window is open, when the creator allowed viewer deletion (issue 13 §4 item 10, docs/api.md "Burn"):
 * blobs, file rows and grants go at once, `deleted_by_viewer` is recorded and the tombstone keeps
 * why the push ended. After the window the answer is 410, as for any ended push.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import {
  createFilePush,
  getFile,
  patternBytes,
  revealFiles,
  uploadAll,
  type FilePushOptions,
} from '../../testing/file-push.ts';
import { expectError, postJson } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const files = () => [{ name: 'a.bin', bytes: patternBytes(70_000, 5) }];
const blobDir = (id: string) => join(t.dataDir, 'blobs', id);
const eventTypes = async (id: string) => (await t.repo.listEvents(id, 0, 100)).map((e) => e.type);

async function revealedPush(options: FilePushOptions) {
  const push = await createFilePush(t.app, files(), options);
  await uploadAll(t.app, push);
  const { download } = await revealFiles(t.app, push);
  return { push, token: download!.token };
}
const burn = (id: string, keyProof: string) => postJson(t.app, `/api/v1/secrets/${id}/burn`, { keyProof });

test('after the last view, inside the window: the files are deleted at once and the burn recorded', async () => {
  const { push, token } = await revealedPush({ views: 1, flags: { deletableByViewer: true } });
  expect((await t.repo.find(push.id))?.state).toBe('viewed');
  expect((await burn(push.id, push.keyProof)).status).toBe(204);
  expect(existsSync(blobDir(push.id))).toBe(false);
  expect(await t.repo.files.findPush(push.id)).toBeUndefined();
  expect(await t.repo.files.openGrantsUntil(push.id, t.clock.now())).toBeUndefined();
  expect(await expectError(await getFile(t.app, push.id, 0, token), 410)).toMatchObject({ reason: 'viewed' });
  expect((await eventTypes(push.id)).slice(-2)).toEqual(['expired_by_views', 'deleted_by_viewer']);
  // Deleted means gone: a second burn finds nothing to delete and records nothing.
  expect(await expectError(await burn(push.id, push.keyProof), 410)).toMatchObject({ reason: 'viewed' });
  expect(await eventTypes(push.id)).toHaveLength(5);
});

test('after expiry by time, inside the window: the same', async () => {
  const { push } = await revealedPush({ views: 2, expiresIn: 600, flags: { deletableByViewer: true } });
  t.clock.advance(601_000);
  expect((await burn(push.id, push.keyProof)).status).toBe(204);
  expect(existsSync(blobDir(push.id))).toBe(false);
  expect((await eventTypes(push.id)).slice(-2)).toEqual(['expired_by_time', 'deleted_by_viewer']);
});

test('after the window: refused with 410, the files left to the sweeper, nothing recorded', async () => {
  const { push } = await revealedPush({ views: 1, flags: { deletableByViewer: true } });
  t.clock.advance(t.config.files.downloadWindowSeconds * 1000);
  const before = await eventTypes(push.id);
  expect(await expectError(await burn(push.id, push.keyProof), 410)).toMatchObject({ reason: 'viewed' });
  expect(await eventTypes(push.id)).toEqual(before);
  expect((await t.sweeper.sweepOnce()).drained).toBe(1);
  expect(existsSync(blobDir(push.id))).toBe(false);
});

test('inside the window the usual refusals hold: a wrong key, or a push that does not allow it', async () => {
  const { push } = await revealedPush({ views: 1, flags: { deletableByViewer: true } });
  expect(await expectError(await burn(push.id, 'A'.repeat(43)), 403)).toMatchObject({ code: 'wrong_key' });
  const fixed = await revealedPush({ views: 1, flags: { deletableByViewer: false } });
  expect(await expectError(await burn(fixed.push.id, fixed.push.keyProof), 403)).toMatchObject({ code: 'forbidden' });
  for (const id of [push.id, fixed.push.id]) {
    expect(existsSync(blobDir(id))).toBe(true);
    expect(await eventTypes(id)).not.toContain('deleted_by_viewer');
  }
});
