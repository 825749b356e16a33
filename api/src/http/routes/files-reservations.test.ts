/**
 * The per-client cap on reserved-but-unsent file bytes (ZKPUSH_MAX_PENDING_BYTES_PER_CLIENT): one
 * address can no longer hold the whole storage quota with creates it never uploads; the cap is keyed
 * like the rate limiter, checked atomically, given back as chunks arrive, and forgotten on restart.
 */
import type { Hono } from 'hono';
import { afterEach, describe, expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { paddedFileSize } from '@zkpush/shared/file-stream';
import { createApp } from '../app.ts';
import { defaultConfig, type Config } from '../../config/config.ts';
import { createFilesService } from '../../domain/files/files-service.ts';
import { createSecretsService } from '../../domain/secrets/secrets-service.ts';
import { parseTrustedProxy, type TrustedProxy } from '../../net/client-ip.ts';
import { createFilePush, finalize, patternBytes, putChunk } from '../../testing/file-push.ts';
import { createTestApp, expectError, fakeEnvelope, postJson, proofPair, type TestApp } from '../../testing/harness.ts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
const MINUTE = 60_000;
/** The largest push the default configuration accepts: 4 files of 4 GiB (padded) = 16 GiB. */
const BIGGEST = Array<number>(4).fill(paddedFileSize(4 * GiB));
const ATTACKER = '203.0.113.9';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

/** Disk space is not what these tests are about: statfs answers "plenty". */
async function app(config: Partial<Config> = {}): Promise<TestApp> {
  t = await createTestApp({ config, freeBytes: () => Promise.resolve(2 ** 50) });
  return t;
}
const withFiles = (files: Partial<Config['files']>) => ({ files: { ...defaultConfig().files, ...files } });

function create(on: Hono, sizes: number[], peer?: string, headers: Record<string, string> = {}) {
  const body = {
    envelope: toBase64url(fakeEnvelope()),
    keyProofHash: proofPair().keyProofHash,
    files: sizes.map((paddedSize) => ({ paddedSize })),
  };
  return postJson(on, '/api/v1/secrets', body, { ...(peer === undefined ? {} : { peer }), headers });
}
const statuses = (responses: Response[]) => responses.map((r) => r.status);
const tags = () => t.database.db.selectFrom('file_pushes').select(['secret_id', 'client_tag']).execute();

/** The same database and blobs behind a new service: what a server restart amounts to here. */
function restarted(): Hono {
  const deps = { repo: t.repo, clock: t.clock, config: t.config, storage: t.storage };
  return createApp({
    config: t.config,
    secrets: createSecretsService(deps),
    files: createFilesService(deps),
    clock: t.clock,
  });
}

describe('the reservation DoS', () => {
  test('seven maximal creates from one address reserve one push; everybody else still gets in', async () => {
    await app();
    const answers: Response[] = [];
    for (let i = 0; i < 7; i++) answers.push(await create(t.app, BIGGEST, ATTACKER));
    expect(statuses(answers)).toEqual([201, 429, 429, 429, 429, 429, 429]);
    const refused = answers[1]!;
    // Until the start timeout (10 min) abandons the unused reservation, at the latest.
    expect(refused.headers.get('retry-after')).toBe('600');
    const error = await expectError(refused, 429);
    expect(error.code).toBe('rate_limited');
    expect(error.limit).toBe('pending_uploads');
    expect(error.message).toContain(`already hold ${16 * GiB} bytes (padded) that have not been sent yet`);
    expect(error.message).not.toContain(ATTACKER);
    expect(await t.repo.files.heldBytes()).toBe(16 * GiB);

    // 84 GiB of the 100 GiB quota are still free: five more maximal pushes from five other clients.
    for (let i = 1; i <= 5; i++) expect((await create(t.app, BIGGEST, `198.51.100.${i}`)).status).toBe(201);
    // Then the quota is the limit, and the answer says so (507); what still fits still fits.
    const full = await expectError(await create(t.app, BIGGEST, '198.51.100.6'), 507);
    expect(full.code).toBe('insufficient_storage');
    expect((await create(t.app, [paddedFileSize(4 * GiB)], '198.51.100.6')).status).toBe(201);
  });

  test('the client is keyed as the rate limiter keys it: IPv6 by /64, X-Forwarded-For only from a trusted proxy', async () => {
    const proxy = parseTrustedProxy('10.0.0.1') as TrustedProxy;
    await app({ trustedProxies: [proxy] });
    expect((await create(t.app, BIGGEST, '2001:db8:1:2::1')).status).toBe(201);
    expect((await create(t.app, [512], '2001:db8:1:2:ffff::7')).status).toBe(429);
    expect((await create(t.app, BIGGEST, '2001:db8:1:3::1')).status).toBe(201);

    expect((await create(t.app, BIGGEST, '10.0.0.1', { 'x-forwarded-for': `192.0.2.1, ${ATTACKER}` })).status).toBe(
      201,
    );
    expect((await create(t.app, [512], ATTACKER)).status).toBe(429);
    // An untrusted peer cannot escape its own reservations by naming another address.
    expect((await create(t.app, [512], ATTACKER, { 'x-forwarded-for': '192.0.2.1' })).status).toBe(429);
    // The proxy itself is a client of its own (requests without a forwarded address).
    expect((await create(t.app, BIGGEST, '10.0.0.1')).status).toBe(201);
  });

  test('text pushes are not reservations and are never refused by the cap', async () => {
    await app();
    expect((await create(t.app, BIGGEST, ATTACKER)).status).toBe(201);
    const text = await postJson(
      t.app,
      '/api/v1/secrets',
      { envelope: toBase64url(fakeEnvelope()), keyProofHash: proofPair().keyProofHash },
      { peer: ATTACKER },
    );
    expect(text.status).toBe(201);
  });
});

describe('what counts as reserved', () => {
  test('stored chunks give their bytes back; finalise clears the tag; deletion frees the rest', async () => {
    await app(withFiles({ maxPushBytes: 4 * MiB, maxPendingBytesPerClient: 4 * MiB }));
    // These requests come without an address: all from one client ('unknown').
    const first = await createFilePush(t.app, [{ name: 'a', bytes: patternBytes(4 * MiB) }]);
    expect((await create(t.app, [512])).status).toBe(429);
    expect((await putChunk(t.app, first, 0, 0)).status).toBe(204);
    // 3 MiB still unsent: exactly 1 MiB fits.
    expect((await create(t.app, [paddedFileSize(MiB + 1)])).status).toBe(429);
    const second = await create(t.app, [MiB]);
    expect(second.status).toBe(201);
    const { id, ownerToken } = (await second.json()) as { id: string; ownerToken: string };
    for (const chunk of [1, 2, 3]) expect((await putChunk(t.app, first, 0, chunk)).status).toBe(204);
    // All of the first push is stored, even before finalise: 3 MiB of room again.
    expect((await create(t.app, [paddedFileSize(3 * MiB + 1)])).status).toBe(429);
    expect((await finalize(t.app, first)).status).toBe(204);
    expect((await tags()).find((row) => row.secret_id === first.id)?.client_tag).toBeNull();

    const del = await t.app.request(`/api/v1/secrets/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${ownerToken}` },
    });
    expect(del.status).toBe(204);
    expect((await create(t.app, [4 * MiB])).status).toBe(201);
  });

  test('Retry-After is when the earliest reservation would be abandoned, at most the start timeout', async () => {
    await app(withFiles({ maxPushBytes: 4 * MiB, maxPendingBytesPerClient: 4 * MiB }));
    const push = await createFilePush(t.app, [{ name: 'a', bytes: patternBytes(3 * MiB) }]);
    t.clock.advance(4 * MINUTE);
    const early = await create(t.app, [2 * MiB]);
    expect(early.headers.get('retry-after')).toBe('360');
    // After a chunk the deadline is an hour away; the answer still promises no more than 10 minutes.
    expect((await putChunk(t.app, push, 0, 0)).status).toBe(204);
    expect((await create(t.app, [3 * MiB])).headers.get('retry-after')).toBe('600');
  });

  test('the database holds no address: a 32-byte keyed tag, different under another process key', async () => {
    await app();
    expect((await create(t.app, BIGGEST, ATTACKER)).status).toBe(201);
    expect((await create(restarted(), BIGGEST, ATTACKER)).status).toBe(201);
    const [a, b] = (await tags()).map((row) => row.client_tag);
    expect(a?.length).toBe(32);
    expect(b?.length).toBe(32);
    expect(Buffer.from(a!).equals(Buffer.from(b!))).toBe(false);
    expect(Buffer.from(a!).includes(Buffer.from(ATTACKER))).toBe(false);
  });
});

describe('atomic under concurrency', () => {
  test('concurrent creates from one client: exactly as many pass as fit under its cap', async () => {
    await app(withFiles({ maxPushBytes: 4 * MiB, maxPendingBytesPerClient: 4 * MiB }));
    const answers = await Promise.all(Array.from({ length: 12 }, () => create(t.app, [MiB], ATTACKER)));
    expect(statuses(answers).filter((s) => s === 201)).toHaveLength(4);
    expect(statuses(answers).filter((s) => s === 429)).toHaveLength(8);
  });

  test('concurrent creates from many clients: exactly as many pass as the quota holds', async () => {
    await app(withFiles({ maxPushBytes: 4 * MiB, storageQuotaBytes: 6 * MiB, maxPendingBytesPerClient: 4 * MiB }));
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => create(t.app, [MiB], `198.51.100.${i + 1}`)),
    );
    expect(statuses(answers).filter((s) => s === 201)).toHaveLength(6);
    expect(statuses(answers).filter((s) => s === 507)).toHaveLength(6);
  });
});

describe('restart', () => {
  test('forgets who reserved what; older reservations still count towards the quota and still expire', async () => {
    await app(withFiles({ storageQuotaBytes: 32 * GiB }));
    expect((await create(t.app, BIGGEST, ATTACKER)).status).toBe(201);
    expect((await create(t.app, [512], ATTACKER)).status).toBe(429);

    const after = restarted();
    // The new process key matches no stored tag: the earlier reservation is nobody's now.
    expect((await create(after, BIGGEST, ATTACKER)).status).toBe(201);
    expect((await create(after, [512], ATTACKER)).status).toBe(429);
    // The quota still counts both.
    expect((await create(after, [512], '198.51.100.1')).status).toBe(507);
    // And both end at their start deadline, tags and all.
    t.clock.advance(10 * MINUTE);
    expect((await t.sweeper.sweepOnce()).abandoned).toBe(2);
    expect(await tags()).toEqual([]);
    expect((await create(after, BIGGEST, ATTACKER)).status).toBe(201);
  });
});
