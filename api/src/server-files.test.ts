/**
 * File pushes through the production server over real HTTP (the shared api-client, real sockets):
 * where streaming, concurrency and the start-up scan matter. Memory under a large upload is measured
 * in tests/integration/files-memory.test.ts, against the server running in its own process.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiClient, type ApiClient, type ApiResult } from '@zkpush/shared/api-client';
import { createFileOpener } from '@zkpush/shared/file-opener';
import { parseConfig, type Config } from './config/config.ts';
import { createMemoryLogger } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';
import { patternBytes, sealedChunks, type FilePush } from './testing/file-push.ts';
import { sealFiles } from '@zkpush/shared/file-push';
import { keyProofFor } from '@zkpush/shared/push';

const MiB = 1024 * 1024;
const dirs: string[] = [];
function config(dataDir = mkdtempSync(join(tmpdir(), 'zkpush-files-'))): Config {
  dirs.push(dataDir);
  const parsed = parseConfig({
    ZKPUSH_PORT: '0',
    ZKPUSH_DATA_DIR: dataDir,
    ZKPUSH_WEB_DIR: join(dataDir, 'no-web-build'),
    ZKPUSH_RATE_LIMIT: 'off',
    ZKPUSH_DISK_RESERVE: '0',
  });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return parsed.config;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function ok<T>(result: ApiResult<T>): T {
  if (result.kind !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

/** Reads the rest of a download the server must cut off: it breaks off before the whole blob came. */
async function expectCutOff(reader: ReadableStreamDefaultReader<Uint8Array>, received: number, total: number) {
  const drained = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return 'complete';
      received += value.length;
    }
  })();
  await expect(drained).rejects.toThrow();
  expect(received).toBeLessThan(total);
}

/** Creates, uploads (through the client) and finalises a push of these files. */
async function pushFiles(client: ApiClient, sizes: number[], views = 1): Promise<FilePush> {
  const files = sizes.map((size, i) => ({ name: `f${i}`, bytes: patternBytes(size, i + 7) }));
  const sealed = sealFiles(files.map((f) => ({ name: f.name, type: '', size: f.bytes.length })));
  const created = ok(await client.create({ ...sealed.request, views }));
  const uploadToken = created.upload?.token ?? '';
  const chunks = await Promise.all(sealed.plans.map((plan, i) => sealedChunks(plan, files[i]!.bytes)));
  for (const [file, list] of chunks.entries()) {
    for (const [chunk, sealedChunk] of list.entries()) {
      ok(await client.uploadChunk(created.id, file, chunk, sealedChunk, uploadToken));
    }
  }
  ok(await client.finalizeUpload(created.id, uploadToken));
  return {
    id: created.id,
    ownerToken: created.ownerToken,
    uploadToken,
    keyProof: keyProofFor(sealed.linkKey),
    plans: sealed.plans,
    files,
    chunks,
  };
}

describe('a running server with file pushes', () => {
  let server: RunningServer;
  let cfg: Config;
  let client: ApiClient;
  beforeAll(async () => {
    cfg = config();
    server = await startServer({ config: cfg, logger: createMemoryLogger() });
    client = createApiClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
  });

  test('upload, status, finalise, reveal and a streamed download that verifies; resume by Range', async () => {
    const push = await pushFiles(client, [3 * MiB + 17, 0], 2);
    const meta = ok(await client.meta(push.id));
    expect(meta.files).toEqual(push.plans.map((p) => ({ paddedSize: p.layout.paddedSize })));
    const { download } = ok(await client.reveal(push.id, { keyProof: push.keyProof }));
    for (const [index, plan] of push.plans.entries()) {
      const opened = ok(await client.download(push.id, index, download!.token));
      expect(opened.length).toBe(plan.layout.blobBytes);
      const opener = createFileOpener(plan.keys, plan.entry.size, plan.layout);
      let released = 0;
      for await (const piece of opened.body) {
        const step = opener.push(piece);
        if (step.kind !== 'ok') throw new Error(step.kind);
        released += step.plaintext.reduce((n, p) => n + p.length, 0);
      }
      expect(opener.finish().kind).toBe('ok');
      expect(released).toBe(plan.entry.size);
    }
    // Resume from chunk 2 (the client sends Range: bytes=N- and expects 206).
    const plan = push.plans[0]!;
    const offset = 2 * (MiB + 16);
    const rest = ok(await client.download(push.id, 0, download!.token, offset));
    expect(rest.length).toBe(plan.layout.blobBytes - offset);
    const opener = createFileOpener(plan.keys, plan.entry.size, plan.layout, 2);
    for await (const piece of rest.body) expect(opener.push(piece).kind).toBe('ok');
    expect(opener.finish().kind).toBe('ok');
  });

  test('a chunk with the wrong Content-Length is refused before its body is read', async () => {
    const files = [{ name: 'x', bytes: patternBytes(MiB + 1, 1) }];
    const sealed = sealFiles(files.map((f) => ({ name: f.name, type: '', size: f.bytes.length })));
    const created = ok(await client.create(sealed.request));
    const token = created.upload?.token ?? '';
    const tooLong = await client.uploadChunk(created.id, 0, 0, new Uint8Array(MiB + 17), token);
    expect(tooLong).toMatchObject({ kind: 'error', status: 413, code: 'payload_too_large' });
    const short = await client.uploadChunk(created.id, 0, 1, new Uint8Array(3), token);
    expect(short).toMatchObject({
      kind: 'error',
      status: 400,
      message: expect.stringContaining('Content-Length is 3'),
    });
    expect(ok(await client.uploadStatus(created.id, token)).files[0]!.received).toEqual([]);
  });

  test('concurrent reveals of a 1-view file push: exactly one download grant', async () => {
    const push = await pushFiles(client, [1000]);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => client.reveal(push.id, { keyProof: push.keyProof })),
    );
    const grants = results.flatMap((r) => (r.kind === 'ok' && r.value.download ? [r.value.download.token] : []));
    expect(grants).toHaveLength(1);
    expect(results.filter((r) => r.kind === 'error' && r.status === 410)).toHaveLength(29);
    const blob = ok(await client.download(push.id, 0, grants[0]!));
    expect((await new Response(blob.body).arrayBuffer()).byteLength).toBe(push.plans[0]!.layout.blobBytes);
  });

  test('a creator deletion cuts off a download in flight and unlinks the blobs at once', async () => {
    const push = await pushFiles(client, [24 * MiB], 2);
    const { download } = ok(await client.reveal(push.id, { keyProof: push.keyProof }));
    const opened = ok(await client.download(push.id, 0, download!.token));
    const reader = opened.body.getReader();
    const received = (await reader.read()).value?.length ?? 0;
    // The download is stalled (nobody reads), holding its stream open; the deletion must not wait for it.
    ok(await client.expire(push.id, push.ownerToken));
    expect(existsSync(join(cfg.dataDir, 'blobs', push.id))).toBe(false);
    await expectCutOff(reader, received, opened.length);
    expect(await client.download(push.id, 0, download!.token)).toMatchObject({ status: 410, reason: 'deleted' });
  }, 60_000);

  test('after the last view, a creator deletion still closes the window: the download in flight is cut off', async () => {
    const push = await pushFiles(client, [24 * MiB], 1);
    const { download } = ok(await client.reveal(push.id, { keyProof: push.keyProof }));
    const opened = ok(await client.download(push.id, 0, download!.token));
    const reader = opened.body.getReader();
    const received = (await reader.read()).value?.length ?? 0;
    expect(await client.expire(push.id, push.ownerToken)).toEqual({ kind: 'ok', value: null });
    expect(existsSync(join(cfg.dataDir, 'blobs', push.id))).toBe(false);
    await expectCutOff(reader, received, opened.length);
    expect(await client.download(push.id, 0, download!.token)).toMatchObject({ status: 410, reason: 'viewed' });
    expect(await client.expire(push.id, push.ownerToken)).toMatchObject({ status: 410, reason: 'viewed' });
  }, 60_000);
});

test('start-up removes what a crash left behind and keeps what a push still owns', async () => {
  const cfg = config();
  const first = await startServer({ config: cfg });
  const client = createApiClient({ baseUrl: first.url });
  const kept = await pushFiles(client, [2000]);
  // A half-done upload the server was "killed" in the middle of: its row survives, so it stays
  // (its idle timeout will abandon it), and a directory nobody claims (a commit whose unlink never ran).
  const files = [{ name: 'y', bytes: patternBytes(10, 3) }];
  const created = ok(await client.create(sealFiles(files.map((f) => ({ ...f, type: '', size: 10 }))).request));
  await first.close();
  const orphan = join(cfg.dataDir, 'blobs', 'ZZZZZZZZZZZZZZZZZZZZZZ');
  mkdirSync(orphan, { mode: 0o700 });
  writeFileSync(join(orphan, '0'), 'leftover ciphertext');
  const logger = createMemoryLogger();
  const second = await startServer({ config: cfg, logger });
  try {
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(join(cfg.dataDir, 'blobs', kept.id, '0'))).toBe(true);
    expect(logger.lines.join('')).toContain('removed leftover blob directories');
    const again = createApiClient({ baseUrl: second.url });
    expect(ok(await again.meta(kept.id)).files).toHaveLength(1);
    expect(await again.meta(created.id)).toMatchObject({ code: 'not_ready' });
  } finally {
    await second.close();
  }
});
