import { describe, expect, it } from 'vitest';
import { FILE_CHUNK_BYTES as C, TAG_BYTES } from '@zkpush/shared/wire-constants';
import { createOpenPool } from '#lib/workers/open/open-pool.ts';
import { pooledDownloader } from './pooled-download.ts';
import { InProcessOpenWorker, servedFile } from '#lib/testing/open-workers.ts';

function pools() {
  const workers: InProcessOpenWorker[] = [];
  const factory = (file: Parameters<typeof createOpenPool>[0]) =>
    createOpenPool(file, { size: 2, spawn: () => (workers.push(new InProcessOpenWorker()), workers.at(-1)!) });
  return { workers, factory };
}

function collector() {
  const parts: Uint8Array[] = [];
  return { sink: { write: (b: Uint8Array) => void parts.push(b.slice()) }, bytes: () => Buffer.concat(parts) };
}

describe('pooledDownloader', () => {
  it('downloads through a pool of workers, in order, and stops the workers (keys wiped) at the end', async () => {
    const f = await servedFile(5 * C + 3);
    const p = pools();
    const out = collector();
    const progress: number[] = [];
    const result = await pooledDownloader(f.deps, p.factory)(f.task, out.sink, { onProgress: (b) => progress.push(b) });
    expect(result).toEqual({ kind: 'ok', bytes: 5 * C + 3 });
    expect(out.bytes().equals(Buffer.from(f.bytes))).toBe(true);
    expect(progress.at(-1)).toBe(5 * C + 3);
    expect(p.workers).toHaveLength(2);
    expect(p.workers.every((w) => w.terminated)).toBe(true);
    const init = p.workers[0]!.requests[0]!;
    expect(init.type === 'init' && init.fileKey.every((b) => b === 0)).toBe(true);
  });

  it('a damaged chunk fails the download as corrupt, nothing of it written, workers stopped', async () => {
    const f = await servedFile(3 * C, 2 * (C + TAG_BYTES) + 10);
    const p = pools();
    const out = collector();
    expect(await pooledDownloader(f.deps, p.factory)(f.task, out.sink)).toEqual({
      kind: 'corrupt',
      reason: 'auth_failed',
      chunk: 2,
    });
    expect(out.bytes().length).toBeLessThanOrEqual(2 * C);
    expect(p.workers.every((w) => w.terminated)).toBe(true);
  });

  it('a crashed worker pool is a failure of its own, not a verdict on the file', async () => {
    const f = await servedFile(2 * C);
    const p = pools();
    const download = pooledDownloader(f.deps, (file) => {
      const pool = p.factory(file);
      for (const w of p.workers) w.hold = true;
      queueMicrotask(() => p.workers.forEach((w) => w.emit('error')));
      return pool;
    });
    expect(await download(f.task, collector().sink)).toMatchObject({ kind: 'opener_failed' });
  });
});
