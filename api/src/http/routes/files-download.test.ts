/**
 * GET /api/v1/secrets/:id/files/:index: the download grant, Range, headers, the download_started
 * event, and when blobs go — at once for deletion, burn and lock-out; after the last window for the
 * last view and expiry by time, unless the creator deletes them before (DELETE on the ended push).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { beforeEach, describe, expect, test } from 'vitest';
import { createFileOpener } from '@zkpush/shared/file-opener';
import { chunkOffset } from '@zkpush/shared/file-stream';
import { EventsPage } from '@zkpush/shared/schemas';
import { FILE_CHUNK_BYTES } from '@zkpush/shared/wire-constants';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import {
  concat,
  createFilePush,
  getFile,
  openBlob,
  patternBytes,
  revealFiles,
  uploadAll,
  type FilePush,
  type FilePushOptions,
} from '../../testing/file-push.ts';
import { expectError, postJson } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const MiB = 1024 * 1024;
const HOUR = 3600_000;
const files = () => [
  { name: 'a.bin', bytes: patternBytes(MiB + 5000, 3) },
  { name: 'b.txt', bytes: patternBytes(300, 4) },
];

async function readyPush(options: FilePushOptions = {}): Promise<FilePush> {
  const push = await createFilePush(t.app, files(), options);
  await uploadAll(t.app, push);
  return push;
}
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());
const eventTypes = async (id: string) => (await t.repo.listEvents(id, 0, 100)).map((e) => e.type);
const blobDir = (id: string) => join(t.dataDir, 'blobs', id);
const deleteAsOwner = (push: FilePush, token = push.ownerToken) =>
  Promise.resolve(
    t.app.request(`/api/v1/secrets/${push.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }),
  );
async function eventsPage(push: FilePush): Promise<EventsPage> {
  const res = await t.app.request(`/api/v1/secrets/${push.id}/events`, {
    headers: { authorization: `Bearer ${push.ownerToken}` },
  });
  return v.parse(EventsPage, await res.json());
}

describe('a download', () => {
  test('streams the whole blob with the right headers, and it opens to the original file', async () => {
    const push = await readyPush({ views: 2 });
    const { download } = await revealFiles(t.app, push);
    const res = await getFile(t.app, push.id, 0, download!.token);
    expect(res.status).toBe(200);
    const blob = await bytesOf(res);
    expect(res.headers.get('content-length')).toBe(String(blob.length));
    expect(blob.length).toBe(push.plans[0]!.layout.blobBytes);
    expect(
      Object.fromEntries(
        ['content-type', 'content-disposition', 'cache-control', 'x-content-type-options', 'accept-ranges'].map((h) => [
          h,
          res.headers.get(h),
        ]),
      ),
    ).toEqual({
      'content-type': 'application/octet-stream',
      'content-disposition': 'attachment',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
    });
    expect(Buffer.from(openBlob(push, 0, blob)).equals(push.files[0]!.bytes)).toBe(true);
    const small = await bytesOf(await getFile(t.app, push.id, 1, download!.token));
    expect(Buffer.from(openBlob(push, 1, small)).equals(push.files[1]!.bytes)).toBe(true);
  });

  test('records download_started once per file and grant; HEAD records nothing and sends no body', async () => {
    const push = await readyPush({ views: 2 });
    const first = await revealFiles(t.app, push);
    const head = await t.app.request(`/api/v1/secrets/${push.id}/files/0`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${first.download!.token}` },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(push.plans[0]!.layout.blobBytes));
    expect(await head.text()).toBe('');
    for (let i = 0; i < 3; i++) await (await getFile(t.app, push.id, 0, first.download!.token)).arrayBuffer();
    await (await getFile(t.app, push.id, 1, first.download!.token)).arrayBuffer();
    const second = await revealFiles(t.app, push);
    await (await getFile(t.app, push.id, 0, second.download!.token)).arrayBuffer();
    expect(await eventTypes(push.id)).toEqual([
      'created',
      'upload_completed',
      'viewed',
      'download_started',
      'download_started',
      'viewed',
      'expired_by_views',
      'download_started',
    ]);
  });
});

describe('Range', () => {
  let push: FilePush;
  let token: string;
  let size: number;
  beforeEach(async () => {
    push = await readyPush({ views: 2 });
    token = (await revealFiles(t.app, push)).download!.token;
    size = push.plans[0]!.layout.blobBytes;
  });
  const ranged = (range: string, file = 0) => getFile(t.app, push.id, file, token, { range });

  test('bytes=N- resumes at a chunk boundary: 206 with Content-Range, and the opener continues from there', async () => {
    const from = chunkOffset(1);
    const res = await ranged(`bytes=${from}-`);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes ${from}-${size - 1}/${size}`);
    const rest = await bytesOf(res);
    expect(rest.length).toBe(size - from);
    const plan = push.plans[0]!;
    const opener = createFileOpener(plan.keys, plan.entry.size, plan.layout, 1);
    const step = opener.push(rest);
    expect(step.kind).toBe('ok');
    expect(opener.finish().kind).toBe('ok');
    const tail = step.kind === 'ok' ? concat(step.plaintext) : new Uint8Array(0);
    expect(Buffer.from(tail).equals(push.files[0]!.bytes.subarray(FILE_CHUNK_BYTES))).toBe(true);
  });

  test('bytes=N-M (M clamped to the end), bytes=-N, bytes=0-', async () => {
    const mid = await ranged('bytes=10-19');
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe(`bytes 10-19/${size}`);
    expect(mid.headers.get('content-length')).toBe('10');
    expect(Buffer.from(await bytesOf(mid)).equals(push.chunks[0]![0]!.subarray(10, 20))).toBe(true);
    const clamped = await ranged(`bytes=${size - 2}-${size + 100}`);
    expect(clamped.headers.get('content-range')).toBe(`bytes ${size - 2}-${size - 1}/${size}`);
    expect((await bytesOf(clamped)).length).toBe(2);
    const suffix = await ranged('bytes=-3');
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 3}-${size - 1}/${size}`);
    const whole = await ranged('bytes=0-');
    expect(whole.status).toBe(206);
    expect((await bytesOf(whole)).length).toBe(size);
    const oneByte = await ranged(`bytes=${size - 1}-`);
    expect((await bytesOf(oneByte)).length).toBe(1);
  });

  test('unsatisfiable or malformed: 416 with Content-Range bytes */size; another unit is ignored (200)', async () => {
    for (const range of [
      `bytes=${size}-`,
      `bytes=${size + 5}-`,
      'bytes=5-2',
      'bytes=-0',
      'bytes=a-',
      'bytes=0-1,5-6',
      'bytes=',
    ]) {
      const res = await ranged(range);
      expect((await expectError(res, 416)).code).toBe('range_not_satisfiable');
      expect(res.headers.get('content-range')).toBe(`bytes */${size}`);
    }
    const other = await ranged('items=0-1');
    expect(other.status).toBe(200);
    expect((await bytesOf(other)).length).toBe(size);
    // A refused range is not a download: no event.
    expect((await eventTypes(push.id)).filter((e) => e === 'download_started')).toHaveLength(1);
  });
});

describe('the download token', () => {
  test('missing or malformed 401, unknown 403, another push’s 403, after its window 403; bad index 400', async () => {
    const push = await readyPush({ views: 3 });
    const other = await readyPush({ views: 1 });
    const { download } = await revealFiles(t.app, push);
    const { download: otherDownload } = await revealFiles(t.app, other);
    const plain = await t.app.request(`/api/v1/secrets/${push.id}/files/0`);
    expect((await expectError(plain, 401)).message).toBe('Authorization: Bearer <downloadToken> is required');
    expect((await getFile(t.app, push.id, 0, 'nope')).status).toBe(401);
    expect((await getFile(t.app, push.id, 0, push.uploadToken)).status).toBe(403);
    const foreign = await expectError(await getFile(t.app, push.id, 0, otherDownload!.token), 403);
    expect(foreign.message).toBe('the download token is not valid for this push (unknown, or its window has closed)');
    expect((await expectError(await getFile(t.app, push.id, 2, download!.token), 400)).message).toBe(
      'file index 2 is outside 0..1',
    );
    t.clock.advance(HOUR - 1);
    expect((await getFile(t.app, push.id, 0, download!.token)).status).toBe(200);
    t.clock.advance(1);
    expect((await getFile(t.app, push.id, 0, download!.token)).status).toBe(403);
    // A fresh reveal opens a fresh window.
    const again = await revealFiles(t.app, push);
    expect((await getFile(t.app, push.id, 0, again.download!.token)).status).toBe(200);
  });

  test('a text push has no files (404)', async () => {
    const res = await postJson(t.app, '/api/v1/secrets', {
      envelope: 'AQ' + 'A'.repeat(60),
      keyProofHash: 'A'.repeat(43),
    });
    const { id } = (await res.json()) as { id: string };
    expect(await expectError(await getFile(t.app, id, 0, 'A'.repeat(43)), 404)).toEqual({
      code: 'not_found',
      message: 'this push has no files',
    });
  });
});

describe('when the blobs go', () => {
  test('1-view push: the last view ends it, the download works through the window, then the files are unlinked', async () => {
    const push = await readyPush({ views: 1 });
    const { download, viewsLeft } = await revealFiles(t.app, push);
    expect(viewsLeft).toBe(0);
    expect((await expectError(await t.app.request(`/api/v1/secrets/${push.id}`), 410)).reason).toBe('viewed');
    t.clock.advance(HOUR / 2);
    await t.sweeper.sweepOnce();
    const blob = await bytesOf(await getFile(t.app, push.id, 0, download!.token));
    expect(Buffer.from(openBlob(push, 0, blob)).equals(push.files[0]!.bytes)).toBe(true);
    expect(existsSync(join(blobDir(push.id), '0'))).toBe(true);

    t.clock.advance(HOUR / 2);
    expect((await t.sweeper.sweepOnce()).drained).toBe(1);
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect(await t.repo.files.findPush(push.id)).toBeUndefined();
    expect(await t.repo.files.heldBytes()).toBe(0);
    const after = await expectError(await getFile(t.app, push.id, 0, download!.token), 410);
    expect(after).toMatchObject({ code: 'gone', reason: 'viewed' });
  });

  test('expiry by time keeps an open window open; the blobs go when it closes', async () => {
    const push = await readyPush({ views: 2, expiresIn: 600 });
    const { download } = await revealFiles(t.app, push);
    t.clock.advance(601_000);
    expect((await t.sweeper.sweepOnce()).expired).toBe(1);
    expect((await getFile(t.app, push.id, 1, download!.token)).status).toBe(200);
    expect(existsSync(blobDir(push.id))).toBe(true);
    t.clock.advance(HOUR);
    expect((await t.sweeper.sweepOnce()).drained).toBe(1);
    expect(existsSync(blobDir(push.id))).toBe(false);
  });

  test('an active multi-view push keeps its blobs; closed grants are forgotten', async () => {
    const push = await readyPush({ views: 3 });
    await revealFiles(t.app, push);
    t.clock.advance(HOUR);
    const report = await t.sweeper.sweepOnce();
    expect(report).toMatchObject({ drained: 0, closedGrants: 1 });
    expect(existsSync(blobDir(push.id))).toBe(true);
  });

  test('creator deletion: grants revoked and files unlinked at once (410 deleted, no sweep needed)', async () => {
    const push = await readyPush({ views: 2 });
    const { download } = await revealFiles(t.app, push);
    const del = await t.app.request(`/api/v1/secrets/${push.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${push.ownerToken}` },
    });
    expect(del.status).toBe(204);
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect(await t.repo.files.findGrant(new Uint8Array(32))).toBeUndefined();
    const res = await expectError(await getFile(t.app, push.id, 0, download!.token), 410);
    expect(res).toMatchObject({ code: 'gone', reason: 'deleted' });
  });

  test('creator deletion after the last view closes the open window: 204, grants revoked, files unlinked', async () => {
    const push = await readyPush({ views: 1 });
    const { download } = await revealFiles(t.app, push);
    expect((await bytesOf(await getFile(t.app, push.id, 1, download!.token))).length).toBeGreaterThan(0);
    t.clock.advance(1000);
    expect(await eventsPage(push)).toMatchObject({
      state: 'viewed',
      downloadsOpenUntil: new Date(FAKE_EPOCH + HOUR).toISOString(),
    });
    expect((await deleteAsOwner(push)).status).toBe(204);
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect(await t.repo.files.findPush(push.id)).toBeUndefined();
    expect(await t.repo.files.heldBytes()).toBe(0);
    // The push keeps the state it ended in, so the recipient still learns it was viewed.
    expect(await expectError(await getFile(t.app, push.id, 0, download!.token), 410)).toMatchObject({
      reason: 'viewed',
    });
    expect(await eventTypes(push.id)).toEqual([
      'created',
      'upload_completed',
      'viewed',
      'expired_by_views',
      'download_started',
      'deleted_by_creator',
    ]);
    const page = await eventsPage(push);
    expect(page.state).toBe('viewed');
    expect(page.downloadsOpenUntil).toBeUndefined();
    // Nothing is left to delete: 410 as for any ended push, and nothing more is recorded.
    expect(await expectError(await deleteAsOwner(push), 410)).toMatchObject({ reason: 'viewed' });
    expect(await eventTypes(push.id)).toHaveLength(6);
  });

  test('creator deletion after expiry by time closes the open window the same way', async () => {
    const push = await readyPush({ views: 2, expiresIn: 600 });
    const { download } = await revealFiles(t.app, push);
    t.clock.advance(601_000);
    expect((await t.sweeper.sweepOnce()).expired).toBe(1);
    expect((await deleteAsOwner(push)).status).toBe(204);
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect(await expectError(await getFile(t.app, push.id, 0, download!.token), 410)).toMatchObject({
      reason: 'expired',
    });
    expect((await eventTypes(push.id)).slice(-2)).toEqual(['expired_by_time', 'deleted_by_creator']);
  });

  test('an ended push whose files are already gone answers 410, as before; a wrong owner token 403', async () => {
    const push = await readyPush({ views: 1 });
    await revealFiles(t.app, push);
    expect((await deleteAsOwner(push, 'A'.repeat(43))).status).toBe(403);
    expect(existsSync(blobDir(push.id))).toBe(true);
    t.clock.advance(HOUR);
    expect((await t.sweeper.sweepOnce()).drained).toBe(1);
    expect((await eventsPage(push)).downloadsOpenUntil).toBeUndefined();
    expect(await expectError(await deleteAsOwner(push), 410)).toMatchObject({ reason: 'viewed' });
    expect(await eventTypes(push.id)).not.toContain('deleted_by_creator');
  });

  test('viewer burn: the same', async () => {
    const push = await readyPush({ views: 2, flags: { deletableByViewer: true } });
    const { download } = await revealFiles(t.app, push);
    const burn = await postJson(t.app, `/api/v1/secrets/${push.id}/burn`, { keyProof: push.keyProof });
    expect(burn.status).toBe(204);
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect((await getFile(t.app, push.id, 0, download!.token)).status).toBe(410);
  });

  test('passphrase lock-out: the same, even for a grant from an earlier right guess', async () => {
    const push = await createFilePush(t.app, files(), { views: 2, passphrase: true });
    await uploadAll(t.app, push);
    const ok = await postJson(t.app, `/api/v1/secrets/${push.id}/reveal`, {
      keyProof: push.keyProof,
      passProof: push.passProof,
    });
    const { download } = (await ok.json()) as { download: { token: string } };
    for (let i = 0; i < 5; i++) {
      await postJson(t.app, `/api/v1/secrets/${push.id}/reveal`, {
        keyProof: push.keyProof,
        passProof: 'A'.repeat(43),
      });
    }
    expect((await t.repo.find(push.id))?.state).toBe('locked');
    expect(existsSync(blobDir(push.id))).toBe(false);
    expect(await expectError(await getFile(t.app, push.id, 0, download.token), 410)).toMatchObject({
      reason: 'locked',
    });
  });

  test('an upload deleted by its creator: partial blobs unlinked at once', async () => {
    const push = await createFilePush(t.app, files());
    await (await import('../../testing/file-push.ts')).putChunk(t.app, push, 0, 0);
    expect(existsSync(blobDir(push.id))).toBe(true);
    const del = await t.app.request(`/api/v1/secrets/${push.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${push.ownerToken}` },
    });
    expect(del.status).toBe(204);
    expect(existsSync(blobDir(push.id))).toBe(false);
  });
});

describe('concurrent reveals of a 1-view file push', () => {
  test('exactly one grant', async () => {
    const push = await readyPush({ views: 1 });
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        postJson(t.app, `/api/v1/secrets/${push.id}/reveal`, { keyProof: push.keyProof }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 410)).toHaveLength(19);
    const grants = await t.database.db
      .selectFrom('download_grants')
      .selectAll()
      .where('secret_id', '=', push.id)
      .execute();
    expect(grants).toHaveLength(1);
  });
});
