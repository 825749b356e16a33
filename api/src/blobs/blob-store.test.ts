/** Blob files on a real temp directory: positional chunk writes, exact lengths, reads, sync, unlink. */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { createBlobStore, READ_PIECE_BYTES, type BlobStore } from './blob-store.ts';

let dir: string;
let store: BlobStore;
const ID = 'AbCdEfGhIjKlMnOpQrStUv';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-blobs-'));
  store = createBlobStore({ dataDir: dir });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function streamOf(...pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });
}
const never = new AbortController().signal;
const filled = (n: number, byte: number) => new Uint8Array(n).fill(byte);

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

test('chunks land at their offsets in owner-only files under owner-only directories', async () => {
  expect(await store.writeChunk(ID, 0, 10, 5, streamOf(filled(2, 2), filled(3, 3)), never)).toEqual({ kind: 'ok' });
  expect(await store.writeChunk(ID, 0, 0, 10, streamOf(filled(10, 1)), never)).toEqual({ kind: 'ok' });
  expect([...readFileSync(join(dir, 'blobs', ID, '0'))]).toEqual([...filled(10, 1), 2, 2, 3, 3, 3]);
  expect(statSync(join(dir, 'blobs', ID, '0')).mode & 0o777).toBe(0o600);
  expect(statSync(join(dir, 'blobs', ID)).mode & 0o777).toBe(0o700);
  expect(statSync(join(dir, 'blobs')).mode & 0o777).toBe(0o700);
});

test('exact lengths: too long stops at the chunk end, too short says how much came', async () => {
  expect(await store.writeChunk(ID, 1, 0, 4, streamOf(filled(3, 1), filled(3, 1)), never)).toEqual({
    kind: 'too_long',
  });
  expect(statSync(join(dir, 'blobs', ID, '1')).size).toBe(3);
  expect(await store.writeChunk(ID, 1, 0, 4, streamOf(filled(3, 1)), never)).toEqual({
    kind: 'too_short',
    received: 3,
  });
});

test('an aborted write stops reading the body', async () => {
  const controller = new AbortController();
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      pulls += 1;
      if (pulls === 2) controller.abort();
      c.enqueue(filled(1, 1));
    },
  });
  expect(await store.writeChunk(ID, 0, 0, 100, body, controller.signal)).toEqual({ kind: 'aborted' });
  expect(pulls).toBeLessThan(5);
});

test('reads a range in pieces, closing once at the end or on cancel', async () => {
  const size = 2 * READ_PIECE_BYTES + 7;
  const bytes = new Uint8Array(size).map((_, i) => i % 251);
  await store.writeChunk(ID, 0, 0, size, streamOf(bytes), never);
  let closes = 0;
  const part = await readAll(store.read(ID, 0, { start: 5, end: size - 1 }, never, () => closes++));
  expect(Buffer.from(part).equals(bytes.subarray(5, size - 1))).toBe(true);
  // The descriptor is closed just after the last piece is handed over.
  await vi.waitFor(() => expect(closes).toBe(1));
  const reader = store.read(ID, 0, { start: 0, end: size }, never, () => closes++).getReader();
  await reader.read();
  await reader.cancel();
  await vi.waitFor(() => expect(closes).toBe(2));
});

test('an abort errors a running read and releases it even if nobody reads on', async () => {
  await store.writeChunk(ID, 0, 0, 10, streamOf(filled(10, 1)), never);
  const controller = new AbortController();
  let closes = 0;
  const reader = store.read(ID, 0, { start: 0, end: 10 }, controller.signal, () => closes++).getReader();
  controller.abort();
  await expect(reader.read()).rejects.toThrow('deleted');
  await vi.waitFor(() => expect(closes).toBe(1));
});

test('with a cutOff, an abort closes the file and hands the ending to the caller instead of erroring', async () => {
  await store.writeChunk(ID, 0, 0, 10, streamOf(filled(10, 1)), never);
  const controller = new AbortController();
  let closes = 0;
  let cutOffs = 0;
  const stream = store.read(
    ID,
    0,
    { start: 0, end: 10 },
    controller.signal,
    () => closes++,
    () => cutOffs++,
  );
  controller.abort();
  await vi.waitFor(() => expect([closes, cutOffs]).toEqual([1, 1]));
  await stream.cancel();
  expect(closes).toBe(1);
});

test('sync checks sizes; remove unlinks; list shows what is there; bad ids never become paths', async () => {
  await store.writeChunk(ID, 0, 0, 10, streamOf(filled(10, 1)), never);
  expect(await store.sync(ID, [{ index: 0, bytes: 10 }])).toEqual({ kind: 'ok' });
  expect(await store.sync(ID, [{ index: 0, bytes: 11 }])).toEqual({ kind: 'wrong_size', index: 0, size: 10 });
  expect(await store.list()).toEqual([ID]);
  await store.remove(ID);
  await store.remove(ID);
  expect(await store.list()).toEqual([]);
  await expect(store.remove('../escape')).rejects.toThrow(RangeError);
  expect(() => store.read('../../etc', 0, { start: 0, end: 1 }, never, () => undefined)).toThrow(RangeError);
});

test('freeBytes comes from statfs', async () => {
  expect(await store.freeBytes()).toBeGreaterThan(0);
});
