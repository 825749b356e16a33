/**
 * Group commit (group-commit.ts) on the real repo and app: concurrent transactions share one COMMIT,
 * each keeps its own result and its own rollback, and the checks that must be exact stay exact.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, expect, test } from 'vitest';
import { auditEvent } from '../../domain/lifecycle/audit.ts';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import { createSecret, createTestApp, fakeEnvelope, postJson, type TestApp } from '../../testing/harness.ts';
import type { NewSecret } from '../schema.ts';
import { createGroupCommit } from './group-commit.ts';

const HOUR = 3_600_000;

let t: TestApp | undefined;
/** Sizes of the batches committed so far, in order. */
let commits: number[] = [];

async function app(maxJobs?: number): Promise<TestApp> {
  commits = [];
  t = await createTestApp({
    groupCommit: { onCommit: (jobs) => commits.push(jobs), ...(maxJobs === undefined ? {} : { maxJobs }) },
  });
  return t;
}

afterEach(async () => {
  await t?.close();
  t = undefined;
});

function newSecret(overrides: Partial<NewSecret> = {}): NewSecret {
  return {
    id: randomBytes(16).toString('base64url'),
    envelope: Buffer.from(fakeEnvelope(64)),
    key_proof_hash: Buffer.alloc(32, 1),
    owner_token_hash: Buffer.alloc(32, 2),
    views: 1,
    created_at: FAKE_EPOCH,
    expires_at: FAKE_EPOCH + HOUR,
    retrieval_step: 0,
    deletable_by_viewer: 0,
    pass_kdf: null,
    pass_proof_hash: null,
    pass_attempts_left: null,
    ...overrides,
  };
}

test('transactions asked for at the same time are committed together, each with its own result', async () => {
  const { repo } = await app();
  const secrets = Array.from({ length: 10 }, () => newSecret());
  const results = await Promise.all(
    secrets.map((secret, i) =>
      repo.transaction(async (tx) => {
        await tx.insert(secret, [auditEvent('created', FAKE_EPOCH)]);
        return i;
      }),
    ),
  );
  expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(commits).toEqual([10]);
  for (const secret of secrets) expect((await repo.find(secret.id))?.event_count).toBe(1);
});

test('a lone transaction is committed on its own', async () => {
  const { repo } = await app();
  await repo.transaction((tx) => tx.insert(newSecret()));
  await repo.transaction((tx) => tx.insert(newSecret()));
  expect(commits).toEqual([1, 1]);
});

test('a job that throws is rolled back alone: the others in its batch are committed', async () => {
  const { repo } = await app();
  const [a, b, c] = [newSecret(), newSecret(), newSecret()];
  const failure = new Error('job b fails after its insert');
  const outcomes = await Promise.allSettled([
    repo.transaction((tx) => tx.insert(a, [auditEvent('created', FAKE_EPOCH)])),
    repo.transaction(async (tx) => {
      await tx.insert(b, [auditEvent('created', FAKE_EPOCH)]);
      throw failure;
    }),
    repo.transaction((tx) => tx.insert(c, [auditEvent('created', FAKE_EPOCH)])),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(outcomes[1]).toEqual({ status: 'rejected', reason: failure });
  expect(commits).toEqual([3]);
  expect(await repo.find(a.id)).toBeDefined();
  expect(await repo.find(b.id)).toBeUndefined();
  expect(await repo.listEvents(b.id, 0, 10)).toEqual([]);
  expect(await repo.find(c.id)).toBeDefined();
});

test('a job sees the writes of the jobs before it in its batch', async () => {
  const { repo } = await app();
  const secret = newSecret();
  await repo.transaction((tx) => tx.insert(secret));
  commits = [];
  // Twenty one-view consumptions at once: only the first finds a view left.
  const used = await Promise.all(
    Array.from({ length: 20 }, () => repo.transaction((tx) => tx.consumeView(secret.id, FAKE_EPOCH))),
  );
  expect(used.filter(Boolean)).toHaveLength(1);
  expect(commits).toEqual([20]);
});

test('when the COMMIT fails, every job of the batch gets its error and nothing is kept', async () => {
  const { repo, database } = await app();
  const kept = newSecret();
  await repo.transaction((tx) => tx.insert(kept));
  commits = [];
  const writes = createGroupCommit(database.db, { onCommit: (jobs) => commits.push(jobs) });
  const outcomes = await Promise.allSettled([
    writes.run((trx) => trx.deleteFrom('secrets').where('id', '=', kept.id).execute()),
    writes.run(async (trx) => {
      // A deferred foreign key that is still violated at the end makes the COMMIT itself fail.
      await sql`pragma defer_foreign_keys = on`.execute(trx);
      await trx
        .insertInto('download_grants')
        .values({ token_hash: Buffer.alloc(32), secret_id: 'no such push', expires_at: 0, started: Buffer.alloc(1) })
        .execute();
    }),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
  expect(String(outcomes[0]?.status === 'rejected' && outcomes[0].reason)).toMatch(/FOREIGN KEY/);
  expect(commits).toEqual([]);
  expect(await repo.find(kept.id)).toBeDefined();
  // The connection is usable again.
  await repo.transaction((tx) => tx.insert(newSecret()));
});

test('when SQLite ends the whole transaction, the jobs that ran get the error and the rest run next', async () => {
  const { repo, database } = await app();
  const kept = newSecret();
  await repo.transaction((tx) => tx.insert(kept));
  commits = [];
  const writes = createGroupCommit(database.db, { onCommit: (jobs) => commits.push(jobs) });
  const ended = new Error('the transaction was rolled back underneath (as after SQLITE_FULL)');
  const outcomes = await Promise.allSettled([
    writes.run((trx) => trx.deleteFrom('secrets').where('id', '=', kept.id).execute()),
    writes.run(async (trx) => {
      await sql`rollback`.execute(trx);
      throw ended;
    }),
    writes.run(
      async (trx) => (await trx.selectFrom('secrets').select('id').where('id', '=', kept.id).execute()).length,
    ),
  ]);
  expect(outcomes).toEqual([
    { status: 'rejected', reason: ended },
    { status: 'rejected', reason: ended },
    { status: 'fulfilled', value: 1 },
  ]);
  expect(commits).toEqual([1]);
  expect(await repo.find(kept.id)).toBeDefined();
});

test('a batch that cannot even begin fails every job in it once, instead of retrying them forever', async () => {
  const { database } = await app();
  const writes = createGroupCommit(database.db);
  // A closed database: BEGIN cannot run (as with a busy timeout or a read-only file).
  await t?.close();
  t = undefined;
  const ran: number[] = [];
  const outcomes = await Promise.allSettled(
    [1, 2, 3].map((n) =>
      writes.run(async () => {
        ran.push(n);
      }),
    ),
  );
  expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
  expect(ran).toEqual([]);
});

test('an onCommit observer that throws changes nothing its jobs are told', async () => {
  const { database } = await app();
  const writes = createGroupCommit(database.db, {
    onCommit: () => {
      throw new Error('observer failed');
    },
  });
  const count = (trx: Parameters<Parameters<typeof writes.run>[0]>[0]) =>
    trx.selectFrom('secrets').select('id').execute();
  const outcomes = await Promise.allSettled([
    writes.run((trx) => count(trx).then(() => 'one')),
    writes.run((trx) => count(trx).then(() => 'two')),
  ]);
  expect(outcomes).toEqual([
    { status: 'fulfilled', value: 'one' },
    { status: 'fulfilled', value: 'two' },
  ]);
  expect(await writes.run(async () => 'alone')).toBe('alone');
});

test('batches are bounded: the jobs beyond maxJobs wait for the next one', async () => {
  const { repo } = await app(4);
  await Promise.all(Array.from({ length: 10 }, () => repo.transaction((tx) => tx.insert(newSecret()))));
  expect(commits).toEqual([4, 4, 2]);
});

test('50 concurrent reveals of a 1-view secret in shared batches: exactly one 200, the rest 410', async () => {
  const { app: api } = await app();
  const secret = await createSecret(api, { views: 1 });
  commits = [];
  const statuses = await Promise.all(
    Array.from({ length: 50 }, async () => {
      const res = await postJson(api, `/api/v1/secrets/${secret.id}/reveal`, { keyProof: secret.keyProof });
      return res.status;
    }),
  );
  expect(statuses.filter((s) => s === 200)).toHaveLength(1);
  expect(statuses.filter((s) => s === 410)).toHaveLength(49);
  expect(commits.reduce((sum, jobs) => sum + jobs, 0)).toBe(50);
  expect(commits.length).toBeLessThan(50);
});
