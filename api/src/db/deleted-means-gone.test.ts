/**
 * "Deleted means gone", checked on the bytes of a real database file: after a secret is consumed,
 * expired (fake clock + sweeper), deleted by its creator, burned by a viewer or locked by wrong
 * passphrases, and the sweeper's checkpoint has run, no 64-byte slice of its ciphertext is left in
 * zkpush.sqlite or zkpush.sqlite-wal. An active secret's bytes are found in the same files, which
 * proves the search itself works. File pushes: once the last download window closes, the push
 * expires or is abandoned, or a key holder burns it inside the window, its blob directory is gone from
 * the data directory and its manifest envelope from the database — and its ciphertext chunks were
 * never in the database at all.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  createSecret,
  createTestApp,
  fakeEnvelope,
  postJson,
  type CreatedSecret,
  type TestApp,
} from '../testing/harness.ts';
import { createFilePush, patternBytes, putChunk, revealFiles, uploadAll, type FilePush } from '../testing/file-push.ts';
import { fromBase64url } from '@zkpush/shared/base64url';
import { createSweeper } from '../domain/lifecycle/sweeper.ts';
import { startWalCheckpointer } from './sqlite/wal-checkpointer.ts';
import { createLogger } from '../logger.ts';

const ENVELOPE_BYTES = 8 * 1024;
let dir: string;
let t: TestApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-gone-'));
  t = await createTestApp({ file: join(dir, 'zkpush.sqlite') });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

function storedBytes(): Buffer {
  const files = ['zkpush.sqlite', 'zkpush.sqlite-wal'].map((f) => join(dir, f)).filter((f) => existsSync(f));
  return Buffer.concat(files.map((f) => readFileSync(f)));
}

/** Several 64-byte probes spread over the envelope, so neither end nor middle can survive unnoticed. */
function probes(envelope: Uint8Array): Buffer[] {
  return [64, ENVELOPE_BYTES / 2, ENVELOPE_BYTES - 128].map((at) => Buffer.from(envelope.subarray(at, at + 64)));
}

const foundIn = (haystack: Buffer, envelope: Uint8Array): boolean[] =>
  probes(envelope).map((p) => haystack.includes(p));

test('consumed, expired, deleted, burned and locked ciphertext leaves the database file and the WAL', async () => {
  const make = async (views: number, expiresIn: number, passphrase = false): Promise<[CreatedSecret, Uint8Array]> => {
    const envelope = fakeEnvelope(ENVELOPE_BYTES);
    return [await createSecret(t.app, { views, expiresIn, envelope, passphrase }), envelope];
  };
  const [consumed, consumedBytes] = await make(1, 7 * 86400);
  const [expired, expiredBytes] = await make(3, 300);
  const [deleted, deletedBytes] = await make(2, 7 * 86400);
  const [burned, burnedBytes] = await make(2, 7 * 86400);
  const [locked, lockedBytes] = await make(2, 7 * 86400, true);
  const [, activeBytes] = await make(5, 7 * 86400);

  expect((await postJson(t.app, `/api/v1/secrets/${consumed.id}/reveal`, { keyProof: consumed.keyProof })).status).toBe(
    200,
  );
  const del = await t.app.request(`/api/v1/secrets/${deleted.id}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${deleted.ownerToken}` },
  });
  expect(del.status).toBe(204);
  expect((await postJson(t.app, `/api/v1/secrets/${burned.id}/burn`, { keyProof: burned.keyProof })).status).toBe(204);
  for (let i = 0; i < 5; i++) {
    await postJson(t.app, `/api/v1/secrets/${locked.id}/reveal`, {
      keyProof: locked.keyProof,
      passProof: burned.keyProof,
    });
  }
  expect(await t.repo.find(locked.id)).toMatchObject({ state: 'locked' });
  t.clock.advance(300_000);

  // Before the checkpoint the old page images are still in the WAL: this is what the sweeper fixes.
  expect(foundIn(storedBytes(), consumedBytes)).toContain(true);

  const report = await t.sweeper.sweepOnce();
  expect(report).toMatchObject({ expired: 1, purged: 0, purgedEvents: 0, checkpointBusy: false });
  expect((await t.app.request(`/api/v1/secrets/${expired.id}`)).status).toBe(410);

  const bytes = storedBytes();
  expect(foundIn(bytes, activeBytes)).toEqual([true, true, true]);
  for (const gone of [consumedBytes, expiredBytes, deletedBytes, burnedBytes, lockedBytes])
    expect(foundIn(bytes, gone)).toEqual([false, false, false]);
});

test('file pushes: blobs leave the data directory, the manifest the database, when the push ends', async () => {
  const MiB = 1024 * 1024;
  const files = (seed: number) => [{ name: `f${seed}.bin`, bytes: patternBytes(2 * MiB + 17, seed) }];
  const blobDir = (push: FilePush): string => join(t.dataDir, 'blobs', push.id);
  // The manifest envelope, as the reveal hands it out (only the reveal shows it to anyone).
  const manifestOf = async (push: FilePush): Promise<Uint8Array> =>
    fromBase64url((await revealFiles(t.app, push)).envelope)!;

  // Consumed: one view; its download window (ZKPUSH_DOWNLOAD_WINDOW) closes by time.
  const consumed = await createFilePush(t.app, files(1), { views: 1 });
  await uploadAll(t.app, consumed);
  const consumedManifest = await manifestOf(consumed);
  // Expired: two views, one used, then the push's own expiry passes.
  const expired = await createFilePush(t.app, files(2), { views: 2, expiresIn: 600 });
  await uploadAll(t.app, expired);
  const expiredManifest = await manifestOf(expired);
  // Burned: its last view used, then deleted early by the key holder inside the window (issue 13 §4.10).
  const burned = await createFilePush(t.app, files(5), { views: 1, flags: { deletableByViewer: true } });
  await uploadAll(t.app, burned);
  const burnedManifest = await manifestOf(burned);
  expect((await postJson(t.app, `/api/v1/secrets/${burned.id}/burn`, { keyProof: burned.keyProof })).status).toBe(204);
  expect(existsSync(blobDir(burned))).toBe(false);
  // Abandoned: one chunk uploaded, then nothing until the idle timeout.
  const abandoned = await createFilePush(t.app, files(3));
  expect((await putChunk(t.app, abandoned, 0, 0)).status).toBe(204);
  // Still active: proves the blobs and the search are where we look.
  const active = await createFilePush(t.app, files(4), { views: 2, expiresIn: 7 * 86400 });
  await uploadAll(t.app, active);
  const activeManifest = await manifestOf(active);

  for (const push of [consumed, expired, abandoned, active]) expect(existsSync(blobDir(push))).toBe(true);
  // A stored chunk is ciphertext on disk under blobs/, never a row: none of it is in the database.
  const chunkProbe = Buffer.from(active.chunks[0]![1]!.subarray(4096, 4096 + 64));
  expect(storedBytes().includes(chunkProbe)).toBe(false);

  t.clock.advance((t.config.files.uploadIdleSeconds + t.config.files.downloadWindowSeconds) * 1000 + 1000);
  await t.sweeper.sweepOnce();
  await t.sweeper.sweepOnce();

  for (const push of [consumed, expired, abandoned]) expect(existsSync(blobDir(push))).toBe(false);
  expect(existsSync(blobDir(active))).toBe(true);
  expect(readdirSync(join(t.dataDir, 'blobs')).sort()).toEqual([active.id]);

  const bytes = storedBytes();
  const slices = (m: Uint8Array): Buffer[] => [32, m.length - 96].map((at) => Buffer.from(m.subarray(at, at + 64)));
  expect(slices(activeManifest).map((p) => bytes.includes(p))).toEqual([true, true]);
  for (const gone of [consumedManifest, expiredManifest, burnedManifest]) {
    expect(slices(gone).map((p) => bytes.includes(p))).toEqual([false, false]);
  }
});

test('as in production — checkpoint worker, no automatic checkpoint on the serving connection — the sweep still leaves nothing', async () => {
  const pdir = mkdtempSync(join(tmpdir(), 'zkpush-gone-worker-'));
  const p = await createTestApp({ file: join(pdir, 'zkpush.sqlite') });
  const sqlite = p.sqlite;
  if (sqlite === undefined) throw new Error('a file database is SQLite');
  const checkpointer = await startWalCheckpointer({
    file: sqlite.file,
    onServerConnection: (mode) => p.repo.checkpoint(mode),
    setAutoCheckpoint: (pages) => sqlite.setWalAutoCheckpoint(pages),
  });
  try {
    expect(checkpointer.offThread).toBe(true);
    const stored = () =>
      Buffer.concat(
        ['zkpush.sqlite', 'zkpush.sqlite-wal']
          .map((f) => join(pdir, f))
          .filter(existsSync)
          .map((f) => readFileSync(f)),
      );
    const envelope = fakeEnvelope(ENVELOPE_BYTES);
    const consumed = await createSecret(p.app, { views: 1, envelope });
    // Enough other writes that a WAL without automatic checkpoints holds many old page images.
    for (let i = 0; i < 50; i++) await createSecret(p.app, { envelope: fakeEnvelope(ENVELOPE_BYTES) });
    const reveal = await postJson(p.app, `/api/v1/secrets/${consumed.id}/reveal`, { keyProof: consumed.keyProof });
    expect(reveal.status).toBe(200);
    expect(foundIn(stored(), envelope)).toContain(true);

    const sweeper = createSweeper({
      repo: p.repo,
      clock: p.clock,
      logger: createLogger({ level: 'silent' }),
      intervalMs: p.config.sweepIntervalMs,
      retentionMs: p.config.retentionMs,
      checkpointer,
    });
    expect(await sweeper.sweepOnce()).toMatchObject({ checkpointBusy: false });
    expect(foundIn(stored(), envelope)).toEqual([false, false, false]);
  } finally {
    await checkpointer.close();
    await p.close();
    rmSync(pdir, { recursive: true, force: true });
  }
});
