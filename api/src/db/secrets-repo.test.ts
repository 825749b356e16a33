/**
 * The repo methods the hot paths use (compiled once, sqlite/secrets-hot-queries.ts), on a real in-memory
 * database: what they write, and that they write it together.
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { auditEvent } from '../domain/lifecycle/audit.ts';
import { FAKE_EPOCH } from '../testing/fake-clock.ts';
import { fakeEnvelope } from '../testing/harness.ts';
import { appPerTest } from '../testing/app-per-test.ts';
import type { NewSecret } from './schema.ts';

const t = appPerTest();

const HOUR = 3_600_000;
const who = { ip: '203.0.113.0/24', userAgent: 'ua', referrer: null };

/** Byte columns as Buffers, which is what better-sqlite3 reads back, so rows compare with toEqual. */
function newSecret(overrides: Partial<NewSecret> = {}): NewSecret {
  return {
    id: randomBytes(16).toString('base64url'),
    envelope: Buffer.from(fakeEnvelope(64)),
    key_proof_hash: Buffer.alloc(32, 1),
    owner_token_hash: Buffer.alloc(32, 2),
    views: 2,
    created_at: FAKE_EPOCH,
    expires_at: FAKE_EPOCH + HOUR,
    retrieval_step: 1,
    deletable_by_viewer: 0,
    pass_kdf: '{"kdf":1}',
    pass_proof_hash: Buffer.alloc(32, 3),
    pass_attempts_left: 5,
    ...overrides,
  };
}

const eventTypes = async (id: string) => (await t.repo.listEvents(id, 0, 100)).map((e) => e.type);

test('insert writes the row with its first events, counted on the row', async () => {
  const secret = newSecret();
  await t.repo.transaction((tx) => tx.insert(secret, [auditEvent('created', FAKE_EPOCH, who)]));
  expect(await t.repo.find(secret.id)).toEqual({
    id: secret.id,
    key_proof_hash: secret.key_proof_hash,
    owner_token_hash: secret.owner_token_hash,
    views: 2,
    views_left: 2,
    created_at: FAKE_EPOCH,
    expires_at: FAKE_EPOCH + HOUR,
    state: 'active',
    ended_at: null,
    retrieval_step: 1,
    deletable_by_viewer: 0,
    pass_kdf: '{"kdf":1}',
    pass_proof_hash: secret.pass_proof_hash,
    pass_attempts_left: 5,
    event_count: 1,
    failed_key_count: 0,
    creator_user_id: null,
    recipient: null,
  });
  expect(await t.repo.listEvents(secret.id, 0, 10)).toMatchObject([
    { secret_id: secret.id, type: 'created', at: FAKE_EPOCH, ip: who.ip, user_agent: 'ua', referrer: null },
  ]);
});

test('insert without events leaves the count at zero', async () => {
  const secret = newSecret();
  await t.repo.insert(secret);
  expect(await t.repo.find(secret.id)).toMatchObject({ event_count: 0 });
  expect(await eventTypes(secret.id)).toEqual([]);
});

test('a transaction that fails after the insert leaves neither the row nor its events', async () => {
  const secret = newSecret();
  await expect(
    t.repo.transaction(async (tx) => {
      await tx.insert(secret, [auditEvent('created', FAKE_EPOCH)]);
      throw new Error('fail after the insert');
    }),
  ).rejects.toThrow('fail after the insert');
  expect(await t.repo.find(secret.id)).toBeUndefined();
  expect(await eventTypes(secret.id)).toEqual([]);
});

test('findWithEnvelope returns the metadata and the envelope in one row; find never the envelope', async () => {
  const secret = newSecret();
  await t.repo.insert(secret);
  const found = await t.repo.findWithEnvelope(secret.id);
  expect(found?.envelope).toEqual(secret.envelope);
  const { envelope, ...meta } = found!;
  expect(envelope).not.toBeNull();
  expect(await t.repo.find(secret.id)).toEqual(meta);
  expect(await t.repo.find(secret.id)).not.toHaveProperty('envelope');
  expect(await t.repo.findWithEnvelope('no-such-id')).toBeUndefined();
});

test('consumeView uses a view and counts and appends its events in the same statement sequence', async () => {
  const secret = newSecret();
  await t.repo.insert(secret, [auditEvent('created', FAKE_EPOCH)]);
  const now = FAKE_EPOCH + 1000;

  expect(await t.repo.transaction((tx) => tx.consumeView(secret.id, now, [auditEvent('viewed', now, who)]))).toBe(true);
  expect(await t.repo.findWithEnvelope(secret.id)).toMatchObject({
    views_left: 1,
    state: 'active',
    envelope: secret.envelope,
    pass_attempts_left: 5,
    event_count: 2,
  });

  const last = [auditEvent('viewed', now, who), auditEvent('expired_by_views', now)];
  expect(await t.repo.transaction((tx) => tx.consumeView(secret.id, now, last))).toBe(true);
  expect(await t.repo.findWithEnvelope(secret.id)).toMatchObject({
    views_left: 0,
    state: 'viewed',
    ended_at: now,
    envelope: null,
    pass_kdf: null,
    pass_proof_hash: null,
    pass_attempts_left: null,
    event_count: 4,
  });
  expect(await eventTypes(secret.id)).toEqual(['created', 'viewed', 'viewed', 'expired_by_views']);

  // Nothing left to use: false, and no events appended or counted.
  expect(await t.repo.consumeView(secret.id, now, [auditEvent('viewed', now)])).toBe(false);
  expect(await t.repo.find(secret.id)).toMatchObject({ event_count: 4 });
  expect(await eventTypes(secret.id)).toHaveLength(4);
});

test('event batches of sizes without a compiled statement are written too', async () => {
  const secret = newSecret({ views: 1 });
  await t.repo.insert(secret);
  const three = [
    auditEvent('download_started', 1),
    auditEvent('download_started', 2),
    auditEvent('download_started', 3),
  ];
  await t.repo.transaction((tx) => tx.appendEvents(secret.id, three));
  expect(await t.repo.find(secret.id)).toMatchObject({ event_count: 3 });
  expect((await t.repo.listEvents(secret.id, 0, 10)).map((e) => e.at)).toEqual([1, 2, 3]);
  expect(await t.repo.consumeView(secret.id, 5, [])).toBe(true);
  expect(await t.repo.find(secret.id)).toMatchObject({ state: 'viewed', event_count: 3 });
});

test('recordFailedKey counts every wrong key apart from event_count and keeps only the first and latest rows', async () => {
  const secret = newSecret();
  await t.repo.insert(secret, [auditEvent('created', 0)]);
  const keep = { first: 2, latest: 3 };
  for (let at = 1; at <= 9; at++) {
    await t.repo.transaction((tx) => tx.recordFailedKey(secret.id, auditEvent('failed_key', at, who), keep));
  }
  expect(await t.repo.find(secret.id)).toMatchObject({ event_count: 1, failed_key_count: 9 });
  expect((await t.repo.listEvents(secret.id, 0, 100)).map((e) => [e.type, e.at])).toEqual([
    ['created', 0],
    ['failed_key', 1],
    ['failed_key', 2],
    ['failed_key', 7],
    ['failed_key', 8],
    ['failed_key', 9],
  ]);
  expect(await t.repo.countFailedKeyEvents(secret.id)).toBe(5);
  // The other push's rows are not touched by this one's trimming.
  const other = newSecret();
  await t.repo.insert(other);
  await t.repo.transaction((tx) => tx.recordFailedKey(other.id, auditEvent('failed_key', 10), keep));
  expect(await t.repo.countFailedKeyEvents(secret.id)).toBe(5);
  expect(await t.repo.countFailedKeyEvents(other.id)).toBe(1);
});

test('appendEvents refuses failed_key (it would count towards the cap)', async () => {
  const secret = newSecret();
  await t.repo.insert(secret);
  await expect(t.repo.appendEvents(secret.id, [auditEvent('failed_key', 1)])).rejects.toThrow(/recordFailedKey/);
});
