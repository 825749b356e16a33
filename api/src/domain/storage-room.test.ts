/**
 * Text pushes count against the storage quota and the disk reserve like file pushes do (issue 10 §2:
 * 60 text pushes of 1 MiB were all accepted under a 1 MiB quota): refused with 507
 * `insufficient_storage` before anything is stored, atomically, and the room comes back when pushes end.
 */
import { expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { defaultConfig, type Config } from '../config/config.ts';
import {
  createSecret,
  createTestApp,
  expectError,
  fakeEnvelope,
  postJson,
  proofPair,
  type TestApp,
} from '../testing/harness.ts';
import { ENVELOPE_DISK_FACTOR } from './storage-room.ts';

const KiB = 1024;
const MiB = 1024 * KiB;

async function withApp(
  files: Partial<Config['files']>,
  run: (t: TestApp) => Promise<void>,
  freeBytes?: () => Promise<number>,
): Promise<void> {
  const t = await createTestApp({
    config: { files: { ...defaultConfig().files, ...files } },
    ...(freeBytes === undefined ? {} : { freeBytes }),
  });
  try {
    await run(t);
  } finally {
    await t.close();
  }
}

const textBody = (bytes: number) => ({
  envelope: toBase64url(fakeEnvelope(bytes)),
  keyProofHash: proofPair().keyProofHash,
});
const createText = (t: TestApp, bytes: number) => postJson(t.app, '/api/v1/secrets', textBody(bytes));

test('the issue’s case: under a 1 MiB quota, one 1 MiB text push is accepted and the next 59 are refused', async () => {
  await withApp({ storageQuotaBytes: MiB, maxPushBytes: MiB }, async (t) => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await createText(t, MiB - 1)).status);
    expect(statuses[0]).toBe(201);
    expect(statuses.slice(1)).toEqual(Array<number>(59).fill(507));
    expect(await t.repo.storageUsage()).toEqual({ envelopeBytes: MiB - 1, fileBytes: 0 });
  });
}, 30_000);

test('text quota: 507 with its own message, room comes back when a push ends, files and text share it', async () => {
  await withApp({ storageQuotaBytes: MiB, maxPushBytes: MiB }, async (t) => {
    const pushes = [];
    for (let i = 0; i < 16; i++) pushes.push(await createSecret(t.app, { envelope: fakeEnvelope(64 * KiB) }));
    expect(await expectError(await createText(t, 64 * KiB), 507)).toEqual({
      code: 'insufficient_storage',
      message: 'the server has no room for this secret now (storage quota)',
    });
    const files = { ...textBody(600), files: [{ paddedSize: 512 }] };
    expect((await expectError(await postJson(t.app, '/api/v1/secrets', files), 507)).message).toBe(
      'the server has no room for these files now (storage quota)',
    );
    // Nothing of the refused creates was stored.
    expect(await t.repo.storageUsage()).toEqual({ envelopeBytes: 16 * 64 * KiB, fileBytes: 0 });

    // The last view frees the envelope's bytes at once.
    const [first] = pushes;
    expect((await postJson(t.app, `/api/v1/secrets/${first!.id}/reveal`, { keyProof: first!.keyProof })).status).toBe(
      200,
    );
    expect((await createText(t, 64 * KiB)).status).toBe(201);
    expect((await createText(t, 1)).status).toBe(400); // (too short to be an envelope: not a quota matter)
    expect((await createText(t, 64)).status).toBe(507);
  });
});

test('concurrent text creates: exactly as many pass as the quota holds', async () => {
  await withApp({ storageQuotaBytes: 10 * 100 * KiB, maxPushBytes: 10 * 100 * KiB }, async (t) => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => createText(t, 100 * KiB)));
    expect(answers.filter((r) => r.status === 201)).toHaveLength(10);
    expect(answers.filter((r) => r.status === 507)).toHaveLength(15);
  });
});

test('disk reserve: a text push may not take the free space below it, nor the room open uploads have promised', async () => {
  const free = 9 * MiB;
  await withApp(
    { diskReserveBytes: 8 * MiB },
    async (t) => {
      // 1 MiB above the reserve, and an envelope counts twice (WAL, then database file): 512 KiB fits.
      expect(ENVELOPE_DISK_FACTOR).toBe(2);
      expect(await expectError(await createText(t, 512 * KiB + 1), 507)).toEqual({
        code: 'insufficient_storage',
        message: 'the server has no room for this secret now (disk space)',
      });
      expect((await createText(t, 512 * KiB)).status).toBe(201);
      // An upload that has declared 512 bytes and written none has promised them: now 512 KiB is too much.
      expect(
        (await postJson(t.app, '/api/v1/secrets', { ...textBody(600), files: [{ paddedSize: 512 }] })).status,
      ).toBe(201);
      expect((await createText(t, 512 * KiB)).status).toBe(507);
      expect((await createText(t, 256 * KiB)).status).toBe(201);
    },
    () => Promise.resolve(free),
  );
});

test('disk reserve under concurrent creates: creates judged against one free-space figure debit it, none overshoots', async () => {
  // Room above the reserve for 4 envelopes of 100 KiB (each counts twice); 12 creates arrive at once
  // and every one is judged against the same statfs figure (blobs/free-space.ts).
  const free = 8 * MiB + 4 * 100 * KiB * ENVELOPE_DISK_FACTOR;
  let reads = 0;
  await withApp(
    { diskReserveBytes: 8 * MiB },
    async (t) => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => createText(t, 100 * KiB)));
      expect(answers.filter((r) => r.status === 201)).toHaveLength(4);
      expect(answers.filter((r) => r.status === 507)).toHaveLength(8);
      expect(reads).toBeLessThan(12);
    },
    () => {
      reads++;
      return Promise.resolve(free);
    },
  );
});
