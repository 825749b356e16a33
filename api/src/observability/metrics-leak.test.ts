/**
 * The promise of metrics-sink.ts, checked on the real thing: after traffic with known ids, tokens,
 * proofs, client addresses, forwarded addresses and a user agent — creates, reveals, wrong keys and
 * passphrases, owner reads and deletes, a file push uploaded, revealed and downloaded, 404s on made-up
 * paths, expiry by the sweeper — nothing of them appears in a scrape, while the counts it should have
 * are there (so this test fails if the traffic did not happen).
 */
import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { toBase64url } from '@zkpush/shared/base64url';
import { SECRET_ID_BYTES } from '@zkpush/shared/schemas';
import { defaultConfig } from '../config/config.ts';
import { bearer, createFilePush, getFile, patternBytes, revealFiles, uploadAll } from '../testing/file-push.ts';
import { createSecret, createTestApp, postJson, proofPair } from '../testing/harness.ts';
import { createPrometheusMetrics } from './prometheus-metrics.ts';

const PEER = '203.0.113.77';
const FORWARDED = '198.51.100.23';
const AGENT = 'LeakCanary/4.2 (metrics-leak-test)';

test('a scrape after traffic holds no id, token, proof, address, user agent or push content', async () => {
  const prom = createPrometheusMetrics({});
  const base = defaultConfig();
  const t = await createTestApp({
    metrics: prom.sink,
    config: { trustedProxies: base.trustedProxies, audit: { ...base.audit, ipLogging: 'full' } },
  });
  try {
    const secrets: string[] = [];
    const headers = { 'user-agent': AGENT, 'x-forwarded-for': FORWARDED };
    const peer = { peer: PEER, headers };
    const req = (path: string, init: RequestInit = {}) =>
      Promise.resolve(t.app.request(path, { ...init, headers: { ...headers, ...init.headers } }));

    const plain = await createSecret(t.app, { ...peer, views: 2 });
    const locked = await createSecret(t.app, { ...peer, passphrase: true });
    const doomed = await createSecret(t.app, { ...peer, expiresIn: 600 });
    const deleted = await createSecret(t.app, peer);
    for (const s of [plain, locked, doomed, deleted]) secrets.push(s.id, s.ownerToken, s.keyProof, s.envelope);
    if (locked.passProof !== undefined) secrets.push(locked.passProof);

    expect(
      (await postJson(t.app, `/api/v1/secrets/${plain.id}/reveal`, { keyProof: plain.keyProof }, peer)).status,
    ).toBe(200);
    const wrong = proofPair().keyProof;
    secrets.push(wrong);
    expect((await postJson(t.app, `/api/v1/secrets/${plain.id}/reveal`, { keyProof: wrong }, peer)).status).toBe(403);
    // Every attempt the push has: the last one locks it.
    for (let i = 0; i < base.passphrase.maxAttempts; i++) {
      const body = { keyProof: locked.keyProof, passProof: proofPair().keyProof };
      await postJson(t.app, `/api/v1/secrets/${locked.id}/reveal`, body, peer);
    }
    expect((await req(`/api/v1/secrets/${plain.id}/events`, { headers: bearer(plain.ownerToken) })).status).toBe(200);
    expect(
      (await req(`/api/v1/secrets/${deleted.id}`, { method: 'DELETE', headers: bearer(deleted.ownerToken) })).status,
    ).toBe(204);
    const madeUp = toBase64url(randomBytes(SECRET_ID_BYTES));
    secrets.push(madeUp);
    expect((await req(`/api/v1/secrets/${madeUp}`)).status).toBe(404);
    expect((await req(`/api/v1/no/such/${madeUp}/endpoint`)).status).toBe(404);
    expect((await req(`/s/${madeUp}`)).status).toBe(503);

    const files = await createFilePush(t.app, [{ name: 'payroll-secret-name.txt', bytes: patternBytes(70_000) }]);
    secrets.push(files.id, files.ownerToken, files.uploadToken, files.keyProof, 'payroll-secret-name');
    await uploadAll(t.app, files);
    const revealed = await revealFiles(t.app, files);
    const downloadToken = revealed.download?.token ?? '';
    secrets.push(downloadToken);
    expect((await getFile(t.app, files.id, 0, downloadToken, headers)).status).toBe(200);

    t.clock.advance(601_000);
    await t.sweeper.sweepOnce();

    const text = await prom.scrape();
    for (const value of [...secrets, PEER, FORWARDED, AGENT, 'LeakCanary']) {
      expect(value.length, 'a probe value').toBeGreaterThan(5);
      expect(text.includes(value), `scrape contains ${value}`).toBe(false);
    }
    // Nothing that looks like an address at all.
    expect(text).not.toMatch(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/);

    // …while it did count the traffic.
    expect(text).toContain('zkpush_pushes_created_total{kind="text"} 4');
    expect(text).toContain('zkpush_pushes_created_total{kind="files"} 1');
    expect(text).toContain('zkpush_pushes_revealed_total 2');
    expect(text).toContain('zkpush_failed_attempts_total{kind="wrong_key"} 1');
    expect(text).toContain(`zkpush_failed_attempts_total{kind="wrong_passphrase"} ${base.passphrase.maxAttempts}`);
    expect(text).toContain('zkpush_pushes_ended_total{reason="locked"} 1');
    expect(text).toContain('zkpush_pushes_ended_total{reason="deleted"} 1');
    expect(text).toMatch(/zkpush_pushes_ended_total\{reason="expired"\} [1-9]/);
    expect(text).toContain('zkpush_file_uploads_finalized_total 1');
    expect(text).toMatch(/zkpush_file_chunks_stored_total [1-9]/);
    expect(text).toContain('zkpush_sweeps_total{outcome="ok"} 1');
    expect(text).toContain('route="/api/v1/secrets/:id"');
    expect(text).toContain('route="/api/*"');
    expect(text).toContain('route="/*"');
  } finally {
    await t.close();
  }
});
