/**
 * The parallel opener with a fake pool whose answers the test releases one by one, in any order:
 * release strictly in file order, the in-flight bound, and every failure the single-threaded opener
 * reports (download.test.ts runs downloadFile through both).
 */
import { describe, expect, it } from 'vitest';
import { plaintextChunks } from './file-chunker.ts';
import { sealFiles } from './file-push.ts';
import { openChunk, sealChunk } from './file-stream.ts';
import { createParallelOpener } from './parallel-opener.ts';
import { FILE_CHUNK_BYTES as C, TAG_BYTES } from '../wire/wire-constants.ts';

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

async function sealed(size: number) {
  const bytes = new Uint8Array(size).map((_, i) => (i * 7 + 3) % 251);
  const plan = sealFiles([{ name: 'f', type: '', size }]).plans[0]!;
  const parts: Uint8Array[] = [];
  for await (const c of plaintextChunks(once(bytes), size, plan.layout)) {
    parts.push(sealChunk(plan.keys, plan.layout, c.index, c.plaintext));
  }
  return { bytes, plan, blob: new Uint8Array(Buffer.concat(parts)) };
}

/** A pool that holds every job until the test answers it. */
function heldPool(f: Awaited<ReturnType<typeof sealed>>) {
  const jobs = new Map<
    number,
    { cipher: Uint8Array; resolve: (p: Uint8Array | undefined) => void; reject: (e: Error) => void }
  >();
  let most = 0;
  const open = (index: number, cipher: Uint8Array) =>
    new Promise<Uint8Array | undefined>((resolve, reject) => {
      jobs.set(index, { cipher, resolve, reject });
      most = Math.max(most, jobs.size);
    });
  const answer = (index: number, as: 'real' | 'forged' = 'real') => {
    const job = jobs.get(index)!;
    jobs.delete(index);
    job.resolve(as === 'real' ? openChunk(f.plan.keys, f.plan.layout, index, job.cipher) : undefined);
  };
  return { open, answer, jobs, most: () => most };
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const concat = (parts: Uint8Array[]) => Buffer.concat(parts);

describe('createParallelOpener', () => {
  it('releases chunks in file order however the pool answers, holding at most maxInFlight', async () => {
    const f = await sealed(4 * C + 10);
    const pool = heldPool(f);
    const o = createParallelOpener({ open: pool.open, size: f.bytes.length, layout: f.plan.layout, maxInFlight: 3 });
    const pushed = o.push(f.blob);
    await tick();
    expect([...pool.jobs.keys()]).toEqual([0, 1, 2]);
    pool.answer(2);
    pool.answer(1);
    await tick();
    expect(o.released).toBe(0);
    pool.answer(0);
    await tick();
    pool.answer(3);
    await tick();
    const first = await pushed;
    expect(first.kind).toBe('ok');
    const rest = o.flush();
    await tick();
    pool.answer(4);
    const last = await rest;
    const parts = [...(first.kind === 'ok' ? first.plaintext : []), ...(last.kind === 'ok' ? last.plaintext : [])];
    expect(concat(parts).equals(Buffer.from(f.bytes))).toBe(true);
    expect(pool.most()).toBe(3);
    expect(o.finish()).toEqual({ kind: 'ok' });
    expect(o.nextChunk).toBe(5);
  });

  it('a chunk that fails authentication releases nothing of it nor after it, even if later ones checked', async () => {
    const f = await sealed(3 * C);
    const pool = heldPool(f);
    const o = createParallelOpener({ open: pool.open, size: f.bytes.length, layout: f.plan.layout, maxInFlight: 4 });
    const first = await o.push(f.blob);
    expect(first).toEqual({ kind: 'ok', plaintext: [] });
    pool.answer(2);
    pool.answer(0);
    pool.answer(1, 'forged');
    const end = await o.flush();
    expect(end).toEqual({ kind: 'auth_failed', chunk: 1 });
    expect(o.released).toBe(C);
    expect(o.finish()).toEqual({ kind: 'truncated', chunk: 1 });
    expect(await o.push(new Uint8Array(1))).toEqual({ kind: 'auth_failed', chunk: 1 });
  });

  it('a body that ends inside a chunk, or before the last one, is never complete', async () => {
    const f = await sealed(2 * C + 5);
    const pool = heldPool(f);
    const o = createParallelOpener({ open: pool.open, size: f.bytes.length, layout: f.plan.layout, maxInFlight: 4 });
    await o.push(f.blob.subarray(0, C + TAG_BYTES + 100));
    const flushed = o.flush();
    pool.answer(0);
    expect((await flushed).kind).toBe('ok');
    expect(o.finish()).toEqual({ kind: 'truncated', chunk: 1 });
    expect(o.nextChunk).toBe(1);
  });

  it('resumes from nextChunk: a fresh opener for the rest of the blob opens chunk numbers from there', async () => {
    const f = await sealed(3 * C + 1);
    const pool = heldPool(f);
    const from = 2 * (C + TAG_BYTES);
    const o = createParallelOpener({
      open: pool.open,
      size: f.bytes.length,
      layout: f.plan.layout,
      firstChunk: 2,
      maxInFlight: 2,
    });
    expect(o.released).toBe(2 * C);
    await o.push(f.blob.subarray(from));
    expect([...pool.jobs.keys()]).toEqual([2, 3]);
    const flushed = o.flush();
    pool.answer(3);
    pool.answer(2);
    const step = await flushed;
    expect(step.kind === 'ok' && concat(step.plaintext).equals(Buffer.from(f.bytes.subarray(2 * C)))).toBe(true);
    expect(o.finish()).toEqual({ kind: 'ok' });
  });

  it('judges the chunks before surplus bytes first, then refuses them; bad padding fails', async () => {
    const f = await sealed(10);
    const pool = heldPool(f);
    const longer = new Uint8Array(f.blob.length + 1);
    longer.set(f.blob);
    const o = createParallelOpener({ open: pool.open, size: 10, layout: f.plan.layout, maxInFlight: 2 });
    const pushed = o.push(longer);
    await tick();
    pool.answer(0);
    expect(await pushed).toEqual({ kind: 'too_long' });
    // Told the file is shorter than the sender's: the "padding" holds file bytes.
    const padded = createParallelOpener({ open: pool.open, size: 9, layout: f.plan.layout, maxInFlight: 2 });
    const step = padded.push(f.blob);
    await tick();
    pool.answer(0);
    expect(await step).toEqual({ kind: 'ok', plaintext: [] });
    expect(await padded.flush()).toEqual({ kind: 'bad_padding', chunk: 0 });
  });

  it('a pool that fails is not a verdict on the file; close drops pending work', async () => {
    const f = await sealed(2 * C);
    const pool = heldPool(f);
    const o = createParallelOpener({ open: pool.open, size: f.bytes.length, layout: f.plan.layout, maxInFlight: 2 });
    await o.push(f.blob);
    const flushed = o.flush();
    pool.jobs.get(0)!.reject(new Error('a worker stopped'));
    expect(await flushed).toEqual({ kind: 'opener_failed', message: 'a worker stopped' });
    const closing = createParallelOpener({
      open: pool.open,
      size: f.bytes.length,
      layout: f.plan.layout,
      maxInFlight: 2,
    });
    await closing.push(f.blob);
    closing.close();
    pool.answer(0);
    pool.answer(1);
    expect((await closing.flush()).kind).toBe('opener_failed');
    expect(closing.released).toBe(0);
  });
});
