/**
 * Concurrent passphrase guessing against the production server over real HTTP: the attempt limit and
 * the per-client failure budget hold under a burst, because each guess is one BEGIN IMMEDIATE
 * transaction (count and check together) and failures are reserved before the guess runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import * as v from 'valibot';
import { toBase64url } from '@zkpush/shared/base64url';
import { CreateSecretResponse, ErrorBody } from '@zkpush/shared/schemas';
import { parseConfig } from './config/config.ts';
import { startServer, type RunningServer } from './server.ts';
import { fakeEnvelope, proofPair, TEST_KDF } from './testing/harness.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'zkpush-pass-'));
  dirs.push(dataDir);
  const parsed = parseConfig({
    ZKPUSH_PORT: '0',
    ZKPUSH_DATA_DIR: dataDir,
    ZKPUSH_WEB_DIR: join(dataDir, 'none'),
    ...env,
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return startServer({ config: parsed.config });
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function passphrasePush(server: RunningServer) {
  const key = proofPair();
  const pass = proofPair();
  const res = await post(`${server.url}/api/v1/secrets`, {
    envelope: toBase64url(fakeEnvelope()),
    keyProofHash: key.keyProofHash,
    passphrase: { kdf: TEST_KDF, passProofHash: pass.keyProofHash },
  });
  expect(res.status).toBe(201);
  const { id } = v.parse(CreateSecretResponse, await res.json());
  return { id, keyProof: key.keyProof, passProof: pass.keyProof };
}

type Outcome = { status: number; code?: string; reason?: string; attemptsLeft?: number };
async function guessConcurrently(server: RunningServer, id: string, keyProof: string, n: number): Promise<Outcome[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const res = await post(`${server.url}/api/v1/secrets/${id}/reveal`, {
        keyProof,
        passProof: proofPair().keyProof,
      });
      const { error } = v.parse(ErrorBody, await res.json());
      return { status: res.status, code: error.code, reason: error.reason, attemptsLeft: error.attemptsLeft };
    }),
  );
}

test('30 concurrent wrong guesses on a 5-attempt push: exactly 5 count (4..0), the rest find it locked', async () => {
  const server = await start({ ZKPUSH_RATE_LIMIT: 'off' });
  try {
    const push = await passphrasePush(server);
    const outcomes = await guessConcurrently(server, push.id, push.keyProof, 30);
    const wrong = outcomes.filter((o) => o.code === 'wrong_passphrase');
    expect(wrong.map((o) => o.attemptsLeft).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(wrong.every((o) => o.status === 403)).toBe(true);
    const rest = outcomes.filter((o) => o.code !== 'wrong_passphrase');
    expect(rest).toHaveLength(25);
    expect(rest.every((o) => o.status === 410 && o.code === 'gone' && o.reason === 'locked')).toBe(true);

    // The right passphrase after the lock is refused: the ciphertext is gone.
    const right = await post(`${server.url}/api/v1/secrets/${push.id}/reveal`, {
      keyProof: push.keyProof,
      passProof: push.passProof,
    });
    expect(right.status).toBe(410);
    expect(v.parse(ErrorBody, await right.json()).error.reason).toBe('locked');
  } finally {
    await server.close();
  }
});

test('with rate limiting on, a burst from one client gets no more guesses through than its failure budget', async () => {
  const server = await start({ ZKPUSH_RATE_FAILURES: '3/min', ZKPUSH_PASSPHRASE_ATTEMPTS: '10' });
  try {
    const push = await passphrasePush(server);
    const outcomes = await guessConcurrently(server, push.id, push.keyProof, 20);
    expect(outcomes.filter((o) => o.code === 'wrong_passphrase')).toHaveLength(3);
    expect(outcomes.filter((o) => o.status === 429 && o.code === 'rate_limited')).toHaveLength(17);
  } finally {
    await server.close();
  }
});
