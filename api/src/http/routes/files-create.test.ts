/**
 * Creating a file push: the declared padded sizes and every limit (files allowed, count, per file,
 * per push, storage quota, disk reserve) are checked before a byte is stored; meta and reveal answer
 * not_ready until finalise, then report the padded sizes and hand out one download grant per view.
 */
import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { paddedFileSize } from '@zkpush/shared/file-stream';
import { SecretMeta } from '@zkpush/shared/schemas';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import { createFilePush, patternBytes, revealFiles, uploadAll } from '../../testing/file-push.ts';
import {
  createSecret,
  createTestApp,
  expectError,
  fakeEnvelope,
  postJson,
  proofPair,
  type TestApp,
} from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';
import { toBase64url } from '@zkpush/shared/base64url';

const t = appPerTest();

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** A create body for files of these padded sizes (the envelope stands in for a manifest). */
function createBody(paddedSizes: number[]) {
  return {
    envelope: toBase64url(fakeEnvelope()),
    keyProofHash: proofPair().keyProofHash,
    files: paddedSizes.map((paddedSize) => ({ paddedSize })),
  };
}
const create = (app: Pick<TestApp, 'app'>, sizes: number[]) => postJson(app.app, '/api/v1/secrets', createBody(sizes));

describe('create', () => {
  test('201 with an upload token; the padded sizes are recorded, nothing is on disk yet', async () => {
    const res = await create(t, [512, paddedFileSize(5 * MiB)]);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; upload: { token: string } };
    expect(body).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      ownerToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(FAKE_EPOCH + 86400_000).toISOString(),
      views: 1,
      upload: { token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) },
    });
    const files = await t.repo.files.listFiles(body.id);
    expect(files.map((f) => [f.padded_size, f.chunks, f.received_count])).toEqual([
      [512, 1, 0],
      [paddedFileSize(5 * MiB), 5, 0],
    ]);
    expect(await t.storage.blobs.list()).toEqual([]);
  });

  test('a text push still has no upload token and meta reports files: null', async () => {
    const text = await createSecret(t.app);
    const meta = v.parse(SecretMeta, await (await t.app.request(`/api/v1/secrets/${text.id}`)).json());
    expect(meta.files).toBeNull();
  });

  test('a size that is not a padded size is 400 (the server never stores an exact size)', async () => {
    for (const bad of [511, 513, paddedFileSize(5 * MiB) + 1]) {
      const err = await expectError(await create(t, [512, bad]), 400);
      expect(err.message).toBe('files[1].paddedSize is not a padded file size (Padmé, at least 512)');
    }
    expect((await expectError(await create(t, []), 400)).message).toContain('at least one file');
    expect((await expectError(await create(t, [1.5]), 400)).code).toBe('invalid_request');
  });

  test('files not allowed (400), too many files (400)', async () => {
    const off = await createTestApp({ config: { files: { ...t.config.files, allowed: false } } });
    try {
      expect((await expectError(await create(off, [512]), 400)).message).toBe(
        'this server does not accept file pushes',
      );
    } finally {
      await off.close();
    }
    const err = await expectError(await create(t, Array<number>(11).fill(512)), 400);
    expect(err.message).toBe('files must list at most 10 files on this server (got 11)');
    expect((await create(t, Array<number>(10).fill(512))).status).toBe(201);
  });

  test('per-file limit: the padded size of maxFileBytes is the largest accepted (413 above)', async () => {
    const largest = paddedFileSize(4 * GiB);
    expect((await create(t, [largest])).status).toBe(201);
    const above = paddedFileSize(largest + 1);
    const err = await expectError(await create(t, [above]), 413);
    expect(err.code).toBe('payload_too_large');
    expect(err.message).toContain('files[0] is larger than this server accepts');
  });

  test('per-push limit: the sum of padded sizes within maxPushBytes (413 above)', async () => {
    const app = await createTestApp({ config: { files: { ...t.config.files, maxPushBytes: 3 * MiB } } });
    try {
      expect((await create(app, [paddedFileSize(MiB), paddedFileSize(2 * MiB)])).status).toBe(201);
      const err = await expectError(await create(app, [paddedFileSize(2 * MiB), paddedFileSize(2 * MiB)]), 413);
      expect(err.message).toBe(`the files of a push may hold at most ${3 * MiB} bytes (padded); these hold ${4 * MiB}`);
    } finally {
      await app.close();
    }
  });

  test('storage quota: 507 before anything is stored, and room comes back when a push is deleted', async () => {
    const app = await createTestApp({
      config: { files: { ...t.config.files, maxPushBytes: 4 * MiB, storageQuotaBytes: 5 * MiB } },
    });
    try {
      const first = await create(app, [4 * MiB]);
      expect(first.status).toBe(201);
      const { id, ownerToken } = (await first.json()) as { id: string; ownerToken: string };
      const err = await expectError(await create(app, [paddedFileSize(2 * MiB)]), 507);
      expect(err).toEqual({
        code: 'insufficient_storage',
        message: 'the server has no room for these files now (storage quota)',
      });
      expect((await create(app, [MiB])).status).toBe(201);
      const del = await app.app.request(`/api/v1/secrets/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ownerToken}` },
      });
      expect(del.status).toBe(204);
      expect((await create(app, [paddedFileSize(2 * MiB)])).status).toBe(201);
    } finally {
      await app.close();
    }
  });

  test('disk reserve (statfs): 507 when free − unwritten uploads − this push would dip below it', async () => {
    let free = 20 * MiB;
    const app = await createTestApp({
      config: { files: { ...t.config.files, diskReserveBytes: 8 * MiB } },
      freeBytes: () => Promise.resolve(free),
    });
    try {
      // 20 − 8 = 12 MiB to hand out; blob bytes are padded size + 16 per chunk.
      expect((await create(app, [8 * MiB])).status).toBe(201);
      // The first push has written nothing, yet its 8 MiB are promised: 4 MiB more do not fit.
      const err = await expectError(await create(app, [4 * MiB]), 507);
      expect(err.message).toBe('the server has no room for these files now (disk space)');
      expect((await create(app, [3 * MiB])).status).toBe(201);
      free = 1000 * MiB;
      expect((await create(app, [4 * MiB])).status).toBe(201);
    } finally {
      await app.close();
    }
  });

  test('the real statfs: a reserve larger than any disk refuses every file push', async () => {
    const app = await createTestApp({ config: { files: { ...t.config.files, diskReserveBytes: 2 ** 44 } } });
    try {
      expect((await expectError(await create(app, [512]), 507)).code).toBe('insufficient_storage');
      expect((await createSecret(app.app)).id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    } finally {
      await app.close();
    }
  });
});

describe('not ready until finalised', () => {
  test('meta and reveal answer 409 not_ready — wrong key or not — and nothing is used or recorded', async () => {
    const push = await createFilePush(t.app, [{ name: 'a', bytes: patternBytes(3000) }], { views: 1 });
    const meta = await expectError(await t.app.request(`/api/v1/secrets/${push.id}`), 409);
    expect(meta.code).toBe('not_ready');
    const right = await postJson(t.app, `/api/v1/secrets/${push.id}/reveal`, { keyProof: push.keyProof });
    expect((await expectError(right, 409)).code).toBe('not_ready');
    const wrong = await postJson(t.app, `/api/v1/secrets/${push.id}/reveal`, { keyProof: proofPair().keyProof });
    expect((await expectError(wrong, 409)).code).toBe('not_ready');
    expect((await t.repo.find(push.id))?.views_left).toBe(1);
    expect((await t.repo.listEvents(push.id, 0, 10)).map((e) => e.type)).toEqual(['created']);
  });

  test('after finalise: meta lists the padded sizes; reveal returns the manifest and a download window', async () => {
    const sizes = [0, 1, 2 * MiB + 1];
    const push = await createFilePush(
      t.app,
      sizes.map((size, i) => ({ name: `f${i}`, bytes: patternBytes(size, i) })),
      { views: 2 },
    );
    await uploadAll(t.app, push);
    const meta = v.parse(SecretMeta, await (await t.app.request(`/api/v1/secrets/${push.id}`)).json());
    expect(meta.files).toEqual(sizes.map((s) => ({ paddedSize: paddedFileSize(s) })));
    t.clock.advance(1000);
    const revealed = await revealFiles(t.app, push);
    expect(revealed.viewsLeft).toBe(1);
    expect(revealed.download).toEqual({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: new Date(FAKE_EPOCH + 1000 + 3600_000).toISOString(),
    });
    const second = await revealFiles(t.app, push);
    expect(second.download?.token).not.toBe(revealed.download?.token);
  });

  test('a reveal that cannot book the download events locks the push (audit cap, fail closed)', async () => {
    const app = await createTestApp({ config: { audit: { ...t.config.audit, maxEventsPerPush: 10 } } });
    try {
      const files = Array.from({ length: 7 }, (_, i) => ({ name: `f${i}`, bytes: patternBytes(10, i) }));
      const push = await createFilePush(app.app, files, { views: 2 });
      await uploadAll(app.app, push);
      // created + upload_completed = 2; a non-final reveal needs viewed + 7 booked + 1 kept free = 11 > 10.
      const res = await postJson(app.app, `/api/v1/secrets/${push.id}/reveal`, { keyProof: push.keyProof });
      expect(await expectError(res, 410)).toMatchObject({ code: 'gone', reason: 'locked' });
      expect(await app.repo.files.findPush(push.id)).toBeUndefined();
      expect(await app.storage.blobs.list()).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
