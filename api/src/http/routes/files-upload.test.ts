/**
 * The sender's file endpoints: chunk PUT, upload status (resume), finalise — happy paths, every bad
 * input, and the rule that a push is never revealable before all of it is stored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { FILE_CHUNK_BYTES, TAG_BYTES } from '@zkpush/shared/wire-constants';
import { UploadStatus } from '@zkpush/shared/schemas';
import { chunkOffset } from '@zkpush/shared/file-stream';
import { FAKE_EPOCH } from '../../testing/fake-clock.ts';
import {
  bearer,
  concat,
  createFilePush,
  finalize,
  patternBytes,
  putChunk,
  streamedBody,
  uploadAll,
  type FilePush,
} from '../../testing/file-push.ts';
import { createSecret, createTestApp, expectError, postJson } from '../../testing/harness.ts';
import { appPerTest } from '../../testing/app-per-test.ts';

const t = appPerTest();

const MiB = 1024 * 1024;
/** Three chunks (padded to 2.25 MiB) and a tiny one. */
const twoFiles = () => [
  { name: 'big.bin', bytes: patternBytes(2 * MiB + 100, 1) },
  { name: 'small.txt', bytes: patternBytes(10, 2) },
];

async function status(push: FilePush, token = push.uploadToken): Promise<Response> {
  return t.app.request(`/api/v1/secrets/${push.id}/upload`, { headers: bearer(token) });
}
async function statusBody(push: FilePush): Promise<UploadStatus> {
  const res = await status(push);
  expect(res.status).toBe(200);
  return v.parse(UploadStatus, await res.json());
}
const eventTypes = async (id: string) => (await t.repo.listEvents(id, 0, 100)).map((e) => e.type);
const blobPath = (id: string, file: number) => join(t.dataDir, 'blobs', id, String(file));

describe('a whole upload', () => {
  test('chunks in any order, then finalise: stored byte for byte where the layout says', async () => {
    const push = await createFilePush(t.app, twoFiles());
    expect(push.chunks.map((c) => c.length)).toEqual([3, 1]);
    for (const [file, chunk] of [
      [0, 2],
      [1, 0],
      [0, 0],
      [0, 1],
    ] as const) {
      const res = await putChunk(t.app, push, file, chunk);
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
    }
    expect(await statusBody(push)).toEqual({
      files: [
        { chunks: 3, received: [[0, 3]] },
        { chunks: 1, received: [[0, 1]] },
      ],
      complete: true,
      idleExpiresAt: new Date(FAKE_EPOCH + 3600_000).toISOString(),
    });
    expect((await finalize(t.app, push)).status).toBe(204);
    // Buffer.equals: vitest's deep equality walks megabytes byte by byte.
    expect(readFileSync(blobPath(push.id, 0)).equals(concat(push.chunks[0]!))).toBe(true);
    expect(readFileSync(blobPath(push.id, 1)).equals(push.chunks[1]![0]!)).toBe(true);
    expect(await eventTypes(push.id)).toEqual(['created', 'upload_completed']);
  });

  test('the upload token is SHA-256 at rest and dies at finalise', async () => {
    const push = await createFilePush(t.app, twoFiles());
    const row = await t.repo.files.findPush(push.id);
    expect(row?.upload_token_hash).toHaveLength(32);
    expect(Buffer.from(row!.upload_token_hash!).toString('base64url')).not.toBe(push.uploadToken);
    await uploadAll(t.app, push);
    expect(await t.repo.files.findPush(push.id)).toMatchObject({ upload_token_hash: null, upload_idle_at: null });
    await expectError(await putChunk(t.app, push, 0, 0), 409).then((e) => expect(e.code).toBe('upload_finalized'));
    expect((await expectError(await status(push), 409)).code).toBe('upload_finalized');
    expect((await expectError(await finalize(t.app, push), 409)).code).toBe('upload_finalized');
  });
});

describe('resume', () => {
  test('status lists what arrived; a dropped upload continues from there and each chunk moves the idle deadline', async () => {
    const push = await createFilePush(t.app, twoFiles());
    expect(await statusBody(push)).toMatchObject({ files: [{ received: [] }, { received: [] }], complete: false });
    await putChunk(t.app, push, 0, 0);
    t.clock.advance(10 * 60_000);
    await putChunk(t.app, push, 0, 2);
    const partial = await statusBody(push);
    expect(partial.files[0]!.received).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(partial.idleExpiresAt).toBe(new Date(FAKE_EPOCH + 70 * 60_000).toISOString());
    // Reading the status is no sign of life: it does not move the deadline.
    t.clock.advance(60_000);
    expect((await statusBody(push)).idleExpiresAt).toBe(partial.idleExpiresAt);
    // "Reconnect": send what is missing, per the status.
    await putChunk(t.app, push, 0, 1);
    await putChunk(t.app, push, 1, 0);
    expect((await statusBody(push)).complete).toBe(true);
    expect((await finalize(t.app, push)).status).toBe(204);
  });

  test('re-sending a stored chunk overwrites it (idempotent) and answers 204 again', async () => {
    const push = await createFilePush(t.app, twoFiles());
    const wrong = push.chunks[0]![1]!.map((b) => b ^ 0xff);
    expect((await putChunk(t.app, push, 0, 1, wrong)).status).toBe(204);
    expect((await putChunk(t.app, push, 0, 1)).status).toBe(204);
    expect((await putChunk(t.app, push, 0, 1)).status).toBe(204);
    const stored = readFileSync(blobPath(push.id, 0)).subarray(chunkOffset(1), chunkOffset(2));
    expect(stored.equals(push.chunks[0]![1]!)).toBe(true);
    expect(await statusBody(push)).toMatchObject({ files: [{ received: [[1, 2]] }, { received: [] }] });
  });

  test('a re-send that fails part-way leaves that chunk missing, never half-overwritten and marked stored', async () => {
    const push = await createFilePush(t.app, twoFiles());
    await putChunk(t.app, push, 0, 0);
    const res = await putChunk(t.app, push, 0, 0, streamedBody([push.chunks[0]![0]!, new Uint8Array(1)]));
    expect((await expectError(res, 413)).code).toBe('payload_too_large');
    expect((await statusBody(push)).files[0]!.received).toEqual([]);
  });

  test('a body that breaks off (the client hung up) is a short chunk, never stored and not a server error', async () => {
    const push = await createFilePush(t.app, twoFiles());
    await putChunk(t.app, push, 0, 0);
    const res = await putChunk(t.app, push, 0, 0, streamedBody([push.chunks[0]![0]!.subarray(0, 1000)], 'break'));
    expect((await expectError(res, 400)).code).toBe('invalid_request');
    expect((await statusBody(push)).files[0]!.received).toEqual([]);
    expect(t.logLines.join('')).not.toContain('unhandled error');
  });
});

describe('finalise', () => {
  test('with chunks missing: 409 upload_incomplete saying how many, and the push stays unrevealable', async () => {
    const push = await createFilePush(t.app, twoFiles());
    await putChunk(t.app, push, 0, 1);
    const err = await expectError(await finalize(t.app, push), 409);
    expect(err).toEqual({
      code: 'upload_incomplete',
      message: '3 of 4 chunks are still missing; upload them, then finalise again',
    });
    expect((await expectError(await t.app.request(`/api/v1/secrets/${push.id}`), 409)).code).toBe('not_ready');
    expect(await eventTypes(push.id)).toEqual(['created']);
  });

  test('needs the upload token: 401 without one, 403 with another push’s', async () => {
    const push = await createFilePush(t.app, twoFiles());
    const other = await createFilePush(t.app, twoFiles());
    const missing = await t.app.request(`/api/v1/secrets/${push.id}/upload/finalize`, { method: 'POST' });
    expect((await expectError(missing, 401)).message).toContain('uploadToken');
    expect((await expectError(await finalize(t.app, push, other.uploadToken), 403)).code).toBe('forbidden');
  });
});

describe('chunk PUT refuses', () => {
  let push: FilePush;
  beforeEach(async () => {
    push = await createFilePush(t.app, twoFiles());
  });

  test('a missing, malformed or wrong token (401, 401, 403)', async () => {
    const url = `/api/v1/secrets/${push.id}/files/0/chunks/0`;
    const init = (headers: Record<string, string>) => ({
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: push.chunks[0]![0]!,
    });
    expect((await t.app.request(url, init({}))).status).toBe(401);
    expect((await t.app.request(url, init({ authorization: 'Bearer short' }))).status).toBe(401);
    const other = await createFilePush(t.app, twoFiles());
    const res = await t.app.request(url, init(bearer(other.uploadToken)));
    expect(await expectError(res, 403)).toEqual({
      code: 'forbidden',
      message: 'the upload token does not match this push',
    });
    expect((await statusBody(push)).files[0]!.received).toEqual([]);
  });

  test('another media type (415); a refused chunk closes the connection (its body was not read)', async () => {
    const res = await putChunk(t.app, push, 0, 0, push.chunks[0]![0]!, { 'content-type': 'application/json' });
    expect((await expectError(res, 415)).code).toBe('unsupported_media_type');
    expect(res.headers.get('connection')).toBe('close');
    expect((await putChunk(t.app, push, 0, 0)).headers.get('connection')).toBeNull();
  });

  test('a file or chunk index outside the push (400), or not a number (400)', async () => {
    const err2 = await expectError(await putChunk(t.app, push, 2, 0, push.chunks[1]![0]!), 400);
    expect(err2.message).toBe('file index 2 is outside 0..1');
    const err = await expectError(await putChunk(t.app, push, 0, 3, push.chunks[0]![2]!), 400);
    expect(err.message).toBe('chunk 3 is outside 0..2 of file 0');
    expect((await expectError(await putChunk(t.app, push, 1, 1, push.chunks[1]![0]!), 400)).code).toBe(
      'invalid_request',
    );
    const bad = await t.app.request(`/api/v1/secrets/${push.id}/files/x/chunks/0`, {
      method: 'PUT',
      headers: { ...bearer(push.uploadToken), 'content-type': 'application/octet-stream' },
      body: new Uint8Array(1),
    });
    expect((await expectError(bad, 400)).message).toBe('index must be a non-negative integer');
  });

  test('a body of the wrong length: longer 413, shorter 400 — by Content-Length up front and by counting', async () => {
    const full = push.chunks[0]![0]!;
    expect(full.length).toBe(FILE_CHUNK_BYTES + TAG_BYTES);
    const longer = concat([full, new Uint8Array(1)]);
    const declared = (bytes: Uint8Array) => ({ 'content-length': String(bytes.length) });
    expect((await expectError(await putChunk(t.app, push, 0, 0, longer, declared(longer)), 413)).message).toBe(
      `chunk 0 must be exactly ${full.length} bytes (Content-Length is ${full.length + 1})`,
    );
    const shorter = full.subarray(1);
    expect((await expectError(await putChunk(t.app, push, 0, 0, shorter, declared(shorter)), 400)).message).toBe(
      `chunk 0 must be exactly ${full.length} bytes (Content-Length is ${full.length - 1})`,
    );
    // Without a declared length the body is counted as it arrives.
    expect((await expectError(await putChunk(t.app, push, 0, 0, longer), 413)).message).toBe(
      `chunk 0 must be exactly ${full.length} bytes; the body was longer`,
    );
    // The last chunk is shorter (the rest of the padded size) and must be exactly that long.
    const last = push.chunks[0]![2]!;
    expect(last.length).toBeLessThan(full.length);
    expect((await putChunk(t.app, push, 0, 2, full)).status).toBe(413);
    // Without Content-Length the server counts.
    const streamed = (bytes: Uint8Array) => putChunk(t.app, push, 0, 2, streamedBody([bytes]));
    expect((await streamed(concat([last, new Uint8Array(5)]))).status).toBe(413);
    const short = await expectError(await streamed(last.subarray(0, 100)), 400);
    expect(short.message).toBe(`chunk 2 must be exactly ${last.length} bytes; the body had 100`);
    expect((await statusBody(push)).files[0]!.received).toEqual([]);
    expect((await streamed(last)).status).toBe(204);
  });

  test('on a text push (404), an unknown id (404), an expired push (410)', async () => {
    const text = await createSecret(t.app);
    const onText = await t.app.request(`/api/v1/secrets/${text.id}/files/0/chunks/0`, {
      method: 'PUT',
      headers: { ...bearer(push.uploadToken), 'content-type': 'application/octet-stream' },
      body: new Uint8Array(1),
    });
    expect(await expectError(onText, 404)).toEqual({ code: 'not_found', message: 'this push has no files' });
    expect((await putChunk(t.app, { ...push, id: 'AAAAAAAAAAAAAAAAAAAAAA' }, 0, 0)).status).toBe(404);
    t.clock.advance(24 * 3600_000);
    const gone = await expectError(await putChunk(t.app, push, 0, 0), 410);
    expect(gone).toMatchObject({ code: 'gone', reason: 'expired' });
    expect(await eventTypes(push.id)).toEqual(['created', 'expired_by_time']);
  });

  test('other methods on the transfer paths (405 with Allow)', async () => {
    const res = await t.app.request(`/api/v1/secrets/${push.id}/files/0/chunks/0`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('PUT');
    const fin = await t.app.request(`/api/v1/secrets/${push.id}/upload/finalize`);
    expect(fin.headers.get('allow')).toBe('POST');
    const up = await postJson(t.app, `/api/v1/secrets/${push.id}/upload`, {});
    expect(up.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('disk reserve at chunk time', () => {
  test('507 when the disk filled up since create (another process), and the chunk is not recorded', async () => {
    let free = 100 * MiB;
    const app = await createTestApp({
      config: { files: { ...t.config.files, diskReserveBytes: 10 * MiB } },
      freeBytes: () => Promise.resolve(free),
    });
    try {
      const push = await createFilePush(app.app, twoFiles());
      free = 10 * MiB + 1000;
      const err = await expectError(await putChunk(app.app, push, 0, 0), 507);
      expect(err.code).toBe('insufficient_storage');
      free = 100 * MiB;
      expect((await putChunk(app.app, push, 0, 0)).status).toBe(204);
    } finally {
      await app.close();
    }
  });
});
