import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { FilesRepo } from '../../db/files-repo.ts';
import type { SecretsRepo } from '../../db/secrets-repo.ts';
import { createMemoryLogger } from '../../logger.ts';
import { createSweeper } from './sweeper.ts';
import { createFakeClock, FAKE_EPOCH } from '../../testing/fake-clock.ts';
import { fakeEnvelope } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const HOUR = 3_600_000;

describe('sweepOnce on a real (in-memory) database', () => {
  const t = appPerTest({ config: { retentionMs: 24 * HOUR } });

  const row = (id: string, expiresAt: number) => ({
    id,
    envelope: fakeEnvelope(64),
    key_proof_hash: new Uint8Array(32),
    owner_token_hash: new Uint8Array(32),
    views: 1,
    created_at: FAKE_EPOCH,
    expires_at: expiresAt,
    retrieval_step: 1,
    deletable_by_viewer: 1,
    pass_kdf: null,
    pass_proof_hash: null,
    pass_attempts_left: null,
  });

  async function insert(count: number, expiresAt: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomBytes(16).toString('base64url');
      await t.repo.insert(row(id, expiresAt));
      ids.push(id);
    }
    return ids;
  }

  test('expires due rows in batches of 100 and leaves the rest alone', async () => {
    const due = await insert(250, FAKE_EPOCH + HOUR);
    const [later] = await insert(1, FAKE_EPOCH + 2 * HOUR);
    const transaction = vi.spyOn(t.repo, 'transaction');
    const now = FAKE_EPOCH + HOUR;

    expect(await t.sweeper.sweepOnce(now)).toEqual({
      expired: 250,
      abandoned: 0,
      drained: 0,
      closedGrants: 0,
      purged: 0,
      purgedEvents: 0,
      sessions: 0,
      checkpointBusy: false,
    });
    // Each batch is its own transaction: three expiry batches (100, 100, 50), then one empty purge batch.
    expect(transaction).toHaveBeenCalledTimes(4);
    expect(await t.repo.find(due[0]!)).toMatchObject({ state: 'expired', ended_at: FAKE_EPOCH + HOUR });
    expect(await t.repo.readEnvelope(due[249]!)).toBeUndefined();
    expect(await t.repo.find(later!)).toMatchObject({ state: 'active' });
  });

  test('large pushes are expired in batches bounded by bytes, with a checkpoint between batches', async () => {
    const MiB = 1024 * 1024;
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = randomBytes(16).toString('base64url');
      await t.repo.insert({ ...row(id, FAKE_EPOCH + HOUR), envelope: fakeEnvelope(MiB) });
      ids.push(id);
    }
    const expireDue = vi.spyOn(t.repo, 'expireDue');
    const transaction = vi.spyOn(t.repo, 'transaction');
    const ends: number[] = [];
    transaction.mockImplementation(async (fn) => {
      const result = await fn(t.repo);
      if (typeof result === 'object' && result !== null && 'ended' in result) ends.push(Number(result.ended));
      return result;
    });
    const checkpoints: string[] = [];
    const sweeper = createSweeper({
      repo: t.repo,
      clock: t.clock,
      logger: createMemoryLogger(),
      intervalMs: 60_000,
      retentionMs: t.config.retentionMs,
      batchBytes: 4 * MiB,
      checkpointer: {
        offThread: true,
        checkpoint: (mode) => {
          checkpoints.push(mode);
          return Promise.resolve({ busy: false });
        },
      },
    });
    expect((await sweeper.sweepOnce(FAKE_EPOCH + HOUR)).expired).toBe(20);
    // Never more than 4 MiB of envelopes (four pushes) erased in one transaction.
    expect(ends.every((n) => n >= 1 && n <= 4)).toBe(true);
    expect(ends.reduce((a, b) => a + b, 0)).toBe(20);
    expect(ends.length).toBeGreaterThanOrEqual(5);
    for (const call of expireDue.mock.calls) expect(call[2]).toBeLessThanOrEqual(4 * MiB);
    // A PASSIVE checkpoint after every batch that left more to do, then the TRUNCATE that ends the pass.
    expect(checkpoints).toEqual([...Array<string>(ends.length - 1).fill('PASSIVE'), 'TRUNCATE']);
    expect(await t.repo.storageUsage()).toEqual({ envelopeBytes: 0, fileBytes: 0 });
  });

  test('purges tombstones once retention has passed since they ended', async () => {
    const ids = await insert(120, FAKE_EPOCH + HOUR);
    await t.sweeper.sweepOnce(FAKE_EPOCH + HOUR);
    const retention = t.config.retentionMs;
    expect((await t.sweeper.sweepOnce(FAKE_EPOCH + HOUR + retention - 1)).purged).toBe(0);
    expect((await t.sweeper.sweepOnce(FAKE_EPOCH + HOUR + retention)).purged).toBe(120);
    expect(await t.repo.find(ids[0]!)).toBeUndefined();
  });

  test('uses the injected clock when no time is given', async () => {
    await insert(1, FAKE_EPOCH + HOUR);
    expect((await t.sweeper.sweepOnce()).expired).toBe(0);
    t.clock.advance(HOUR);
    expect((await t.sweeper.sweepOnce()).expired).toBe(1);
  });
});

describe('periodic ticks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** These ticks run without a file janitor, so nothing may touch the file tables. */
  const unused = () => Promise.reject(new Error('the file tables are not used here'));
  const noFiles: FilesRepo = {
    insertPush: unused,
    findPush: unused,
    listFiles: unused,
    findFile: unused,
    markChunk: unused,
    touchUpload: unused,
    closeUpload: unused,
    heldBytes: unused,
    pendingUploadBytes: unused,
    reservedFiles: unused,
    openGrantsUntil: unused,
    insertGrant: unused,
    findGrant: unused,
    markStarted: unused,
    release: unused,
    abandonedUploads: unused,
    drainable: unused,
    purgeClosedGrants: unused,
    existing: unused,
  };

  function stubRepo(overrides: Partial<SecretsRepo> = {}) {
    const calls = { checkpoint: 0 };
    const repo: SecretsRepo = {
      files: noFiles,
      insert: () => Promise.resolve(),
      find: () => Promise.resolve(undefined),
      findWithEnvelope: () => Promise.resolve(undefined),
      readEnvelope: () => Promise.resolve(undefined),
      consumeView: () => Promise.resolve(false),
      end: () => Promise.resolve(false),
      spendPassphraseAttempt: () => Promise.resolve(false),
      appendEvents: () => Promise.resolve(),
      recordFailedKey: () => Promise.resolve(),
      countFailedKeyEvents: () => Promise.resolve(0),
      listEvents: () => Promise.resolve([]),
      expireDue: () => Promise.resolve({ ended: 0, more: false }),
      storageUsage: () => Promise.resolve({ envelopeBytes: 0, fileBytes: 0 }),
      purgeTombstoneEvents: () => Promise.resolve(0),
      purgeTombstones: () => Promise.resolve(0),
      checkpoint: () => {
        calls.checkpoint++;
        return Promise.resolve({ busy: false });
      },
      transaction: (fn) => fn(repo),
      ...overrides,
    };
    return { repo, calls };
  }

  test('start() sweeps every interval (checkpoint included) until stop()', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { repo, calls } = stubRepo();
    const sweeper = createSweeper({
      repo,
      clock: createFakeClock(),
      logger: createMemoryLogger(),
      intervalMs: 60_000,
      retentionMs: 0,
    });
    sweeper.start();
    await vi.advanceTimersByTimeAsync(59_999);
    expect(calls.checkpoint).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.checkpoint).toBe(1);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls.checkpoint).toBe(3);
    await sweeper.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(calls.checkpoint).toBe(3);
  });

  test('a failing tick is logged and the next tick still runs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let fail = true;
    const { repo, calls } = stubRepo({
      expireDue: () =>
        fail ? Promise.reject(new Error('database is locked')) : Promise.resolve({ ended: 0, more: false }),
    });
    const logger = createMemoryLogger();
    const sweeper = createSweeper({ repo, clock: createFakeClock(), logger, intervalMs: 1000, retentionMs: 0 });
    sweeper.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(logger.lines.join('')).toContain('sweep failed');
    fail = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.checkpoint).toBe(1);
    await sweeper.stop();
  });
});
