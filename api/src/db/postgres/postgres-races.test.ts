/**
 * The promises that hold on SQLite because it has one writer, on PostgreSQL with three "instances"
 * (three apps, each with its own connection pool and repo) racing on one database: a 1-view push is
 * revealed once, wrong passphrases are counted exactly, the audit cap and the rate limits hold. Runs in the `api-pg`
 * project (ZKPUSH_TEST_DATABASE=postgres); elsewhere it is skipped with a message saying why.
 */
import * as v from 'valibot';
import { afterEach, describe, expect, test } from 'vitest';
import { ErrorBody } from '@zkpush/shared/schemas';
import { toBase64url } from '@zkpush/shared/base64url';
import { createSecret, createTestApp, fakeEnvelope, postJson, proofPair, type TestApp } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';
import { TEST_ENGINE } from '../../testing/test-database.ts';

const onPostgres = TEST_ENGINE === 'postgres';
if (!onPostgres)
  console.warn('SKIPPED: postgres-races.test.ts runs only with ZKPUSH_TEST_DATABASE=postgres (pnpm test:pg)');

describe.skipIf(!onPostgres)('three instances on one PostgreSQL database', () => {
  const t = appPerTest();
  const others: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(others.splice(0).map((app) => app.close()));
  });

  /** The test's app and two more on the same database, with the same settings. */
  async function instances(): Promise<TestApp['app'][]> {
    for (let i = 0; i < 2; i++) others.push(await createTestApp({ config: t.config, joinDatabase: true }));
    return [t.app, ...others.map((other) => other.app)];
  }

  test('rate limits hold per client across instances: 3 creates a minute means 3, wherever they land', async () => {
    const rate = { limit: 3, periodSeconds: 60 };
    await t.reconfigure({
      config: { ...t.config, rateLimit: { enabled: true, create: rate, meta: rate, reveal: rate, failures: rate } },
    });
    const apps = await instances();
    const creates = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        postJson(
          apps[i % apps.length]!,
          '/api/v1/secrets',
          { envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash },
          { peer: '203.0.113.7' },
        ),
      ),
    );
    expect(creates.map((res) => res.status).sort()).toEqual([201, 201, 201, 429, 429, 429, 429, 429, 429]);
    // Another client has its own bucket.
    const other = await postJson(
      apps[1]!,
      '/api/v1/secrets',
      { envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash },
      { peer: '198.51.100.8' },
    );
    expect(other.status).toBe(201);
  });

  const codeOf = async (res: Response): Promise<string> =>
    res.status === 200 ? 'ok' : v.parse(ErrorBody, await res.json()).error.code;

  test("one client's pending-upload cap holds across instances (they tag the client alike)", async () => {
    const MiB = 1024 * 1024;
    const files = { ...t.config.files, maxPushBytes: 4 * MiB, maxPendingBytesPerClient: 4 * MiB };
    await t.reconfigure({
      config: { ...t.config, files: { ...files, storageQuotaBytes: 64 * MiB } },
      freeBytes: () => Promise.resolve(2 ** 50),
    });
    const apps = await instances();
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        postJson(
          apps[i % apps.length]!,
          '/api/v1/secrets',
          {
            envelope: toBase64url(fakeEnvelope()),
            keyProofHash: proofPair().keyProofHash,
            files: [{ paddedSize: MiB }],
          },
          { peer: '203.0.113.9' },
        ),
      ),
    );
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(4);
    expect(statuses.filter((status) => status === 429)).toHaveLength(8);
  });

  test('50 concurrent reveals of a 1-view push spread over three instances: exactly one 200', async () => {
    const apps = await instances();
    const s = await createSecret(t.app, { views: 1 });
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postJson(apps[i % apps.length]!, `/api/v1/secrets/${s.id}/reveal`, { keyProof: s.keyProof }),
      ),
    );
    const codes = await Promise.all(answers.map(codeOf));
    expect(codes.filter((code) => code === 'ok')).toHaveLength(1);
    expect(codes.filter((code) => code !== 'ok')).toEqual(Array<string>(49).fill('gone'));
    expect(await t.repo.find(s.id)).toMatchObject({ state: 'viewed', views_left: 0 });
    expect(await t.repo.readEnvelope(s.id)).toBeUndefined();
    expect(await t.repo.storageUsage()).toEqual({ envelopeBytes: 0, fileBytes: 0 });
  });

  test('40 concurrent wrong passphrases: exactly the configured attempts are judged, then the push is locked', async () => {
    const apps = await instances();
    const s = await createSecret(t.app, { passphrase: true, views: 3 });
    const attempts = t.config.passphrase.maxAttempts;
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        postJson(apps[i % apps.length]!, `/api/v1/secrets/${s.id}/reveal`, {
          keyProof: s.keyProof,
          passProof: proofPair().keyProof,
        }),
      ),
    );
    const bodies = await Promise.all(
      answers.map(async (res) => ({ status: res.status, error: v.parse(ErrorBody, await res.json()).error })),
    );
    const judged = bodies.filter((b) => b.error.code === 'wrong_passphrase');
    // Each judged attempt saw a different count: attempts-1, …, 1, 0 — none counted twice or skipped.
    expect(judged.map((b) => b.error.attemptsLeft).sort((a, b) => Number(b) - Number(a))).toEqual(
      Array.from({ length: attempts }, (_, i) => attempts - 1 - i),
    );
    expect(bodies.filter((b) => b.error.code !== 'wrong_passphrase').map((b) => [b.status, b.error.code])).toEqual(
      Array<[number, string]>(40 - attempts).fill([410, 'gone']),
    );
    expect(await t.repo.find(s.id)).toMatchObject({ state: 'locked', pass_attempts_left: null });
    const events = await t.repo.listEvents(s.id, 0, 100);
    expect(events.filter((e) => e.type === 'failed_passphrase')).toHaveLength(attempts);
    expect(events.filter((e) => e.type === 'locked')).toHaveLength(1);
  });

  test('the audit cap holds when wrong passphrases race for its last places', async () => {
    // Room for 3 + 1 view (domain/lifecycle/audit.ts auditCap): the cap ends the push before the 5 attempts do.
    await t.reconfigure({ config: { ...t.config, audit: { ...t.config.audit, maxEventsPerPush: 3 } } });
    const cap = 4;
    const apps = await instances();
    const s = await createSecret(t.app, { passphrase: true, views: 1 });
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postJson(apps[i % apps.length]!, `/api/v1/secrets/${s.id}/reveal`, {
          keyProof: s.keyProof,
          passProof: proofPair().keyProof,
        }),
      ),
    );
    const row = await t.repo.find(s.id);
    expect(row?.state).toBe('locked');
    const events = await t.repo.listEvents(s.id, 0, 100);
    expect(events.map((e) => e.type)).toEqual(['created', 'failed_passphrase', 'failed_passphrase', 'locked']);
    expect(events.length).toBeLessThanOrEqual(cap);
    expect(row?.event_count).toBe(events.length);
  });
});
