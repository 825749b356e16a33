/**
 * Server memory stays flat whatever the file size (issue 4): a 512 MiB file is uploaded and
 * downloaded through real HTTP against the production entry point in its own process, while that
 * process samples its own `process.memoryUsage().rss` (tests/support/rss-sampler.ts). The bound is
 * on growth, and far below the file size: chunks are streamed to and from disk, never collected.
 * No timing is asserted.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createApiClient, type ApiClient } from '@zkpush/shared/api-client';
import { createFileOpener } from '@zkpush/shared/file-opener';
import { plaintextChunks } from '@zkpush/shared/file-chunker';
import { sealChunk } from '@zkpush/shared/file-stream';
import { sealFiles } from '@zkpush/shared/file-push';
import { keyProofFor } from '@zkpush/shared/push';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { ok } from './harness.ts';

const MiB = 1024 * 1024;
const FILE_BYTES = 512 * MiB;
/** What the server may grow by while moving FILE_BYTES in and out. */
const RSS_GROWTH_BOUND = 64 * MiB;
/** Chunks in flight at once, as the web uploader does. */
const CONCURRENCY = 3;

let server: ServerProcess;
let client: ApiClient;
beforeAll(async () => {
  server = await startServerProcess({
    nodeArgs: ['--import', './tests/support/rss-sampler.ts'],
    env: { ZKPUSH_RATE_LIMIT: 'off', ZKPUSH_LOG_LEVEL: 'warn' },
    maxLogLines: 1000,
  });
  client = createApiClient({ baseUrl: server.url });
}, 90_000);
afterAll(async () => {
  await server.stop();
}, 30_000);

function peakRss(): number {
  const peaks = server.logs.flatMap((line) => {
    const m = /^err: rss-peak (\d+)$/.exec(line);
    return m ? [Number(m[1])] : [];
  });
  return Math.max(0, ...peaks);
}

/** The file's bytes, made on the fly one MiB at a time (never held whole by this test either). */
async function* fileBytes(size: number): AsyncGenerator<Uint8Array> {
  const piece = new Uint8Array(MiB).map((_, i) => (i * 131) & 0xff);
  for (let at = 0, n = 0; at < size; at += MiB, n++) {
    const out = piece.slice(0, Math.min(MiB, size - at));
    new DataView(out.buffer).setUint32(0, n);
    yield out;
  }
}

/** Seals and uploads a one-file push chunk by chunk; returns what the recipient needs and a digest. */
async function uploadFile(size: number) {
  const sealed = sealFiles([{ name: 'big.bin', type: 'application/octet-stream', size }]);
  const created = ok(await client.create(sealed.request));
  const token = created.upload?.token ?? '';
  const plan = sealed.plans[0]!;
  const plainDigest = createHash('sha256');
  const inFlight = new Set<Promise<void>>();
  for await (const { index, plaintext } of plaintextChunks(fileBytes(size), size, plan.layout)) {
    plainDigest.update(plaintext.subarray(0, Math.max(0, Math.min(plaintext.length, size - index * MiB))));
    const sealedChunk = sealChunk(plan.keys, plan.layout, index, plaintext);
    const sending: Promise<void> = client
      .uploadChunk(created.id, 0, index, sealedChunk, token)
      .then((r) => void ok(r))
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  ok(await client.finalizeUpload(created.id, token));
  return { id: created.id, keyProof: keyProofFor(sealed.linkKey), plan, digest: plainDigest.digest('hex') };
}

/** Reveals, downloads as a stream, opens every chunk and returns the plaintext digest. */
async function downloadFile(pushed: Awaited<ReturnType<typeof uploadFile>>): Promise<string> {
  const { download } = ok(await client.reveal(pushed.id, { keyProof: pushed.keyProof }));
  const opened = ok(await client.download(pushed.id, 0, download?.token ?? ''));
  const opener = createFileOpener(pushed.plan.keys, pushed.plan.entry.size, pushed.plan.layout);
  const digest = createHash('sha256');
  for await (const piece of opened.body) {
    const step = opener.push(piece);
    if (step.kind !== 'ok') throw new Error(`download does not verify: ${step.kind}`);
    for (const plain of step.plaintext) digest.update(plain);
  }
  expect(opener.finish().kind).toBe('ok');
  return digest.digest('hex');
}

test('uploading and downloading a 512 MiB file grows the server by less than 64 MiB', async ({ annotate }) => {
  // Warm-up: every code path once (modules, JIT, SQLite caches), so the baseline is steady state.
  const small = await uploadFile(8 * MiB);
  expect(await downloadFile(small)).toBe(small.digest);
  await expect.poll(peakRss).toBeGreaterThan(0);
  const baseline = peakRss();

  const big = await uploadFile(FILE_BYTES);
  expect(await downloadFile(big)).toBe(big.digest);
  const growth = peakRss() - baseline;
  await annotate(
    `server rss: baseline peak ${(baseline / MiB).toFixed(1)} MiB, growth ${(growth / MiB).toFixed(1)} MiB`,
  );
  expect(growth).toBeLessThan(RSS_GROWTH_BOUND);
}, 600_000);
