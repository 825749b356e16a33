import { describe, expect, it } from 'vitest';
import type { DownloadOutcome } from './download-outcome.ts';
import type { DownloadTask } from './file-downloader.ts';
import { saveAll, saveOne, type DownloadEnv } from './file-downloads.ts';
import { MEMORY_FALLBACK_MAX_BYTES, type FileHandleLike } from './file-save.ts';

const task = (i: number, size = 100, name = `f${i}.txt`): DownloadTask => ({
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  file: i,
  token: 'T'.repeat(43),
  size,
  name,
  keys: { fileKey: new Uint8Array(32), noncePrefix: new Uint8Array(19) },
});

function env(over: Partial<DownloadEnv> & { hasWorker?: boolean } = {}) {
  const log: string[] = [];
  const handle: FileHandleLike = { createWritable: () => Promise.reject(new Error('unused')) };
  const e: DownloadEnv = {
    worker: async () => (over.hasWorker === false ? undefined : { postMessage: () => undefined }),
    viaWorker: async (w, t) => (log.push(`worker ${t.file}`), { kind: 'ok' }),
    pickFile: async (name) => (log.push(`pick ${name}`), { kind: 'ok', handle }),
    pickDirectory: async () => (
      log.push('pick dir'),
      {
        kind: 'ok',
        handle: { getFileHandle: async (name) => (log.push(`create ${name}`), handle) },
      }
    ),
    saveToHandle: async (h, t) => (log.push(`handle ${t.file}`), { kind: 'ok' }),
    saveToMemory: async (t) => (log.push(`memory ${t.file}`), { outcome: { kind: 'ok' }, blob: new Blob(['x']) }),
    offerBlob: (b, name) => void log.push(`offer ${name}`),
    ...over,
  };
  return { e, log };
}

describe('saveOne', () => {
  it('uses the service worker when it runs', async () => {
    const { e, log } = env();
    expect(await saveOne(e, task(0))).toEqual({ outcome: { kind: 'ok' }, via: 'worker' });
    expect(log).toEqual(['worker 0']);
  });

  it('falls back to the file picker, then to memory for small files only', async () => {
    const unavailable: DownloadOutcome = { kind: 'unavailable' };
    const a = env({ viaWorker: async () => unavailable });
    expect(await saveOne(a.e, task(0, 10, '../x.txt'))).toEqual({ outcome: { kind: 'ok' }, via: 'picker' });
    expect(a.log).toEqual(['pick _x.txt', 'handle 0']);

    const b = env({ hasWorker: false, pickFile: async () => ({ kind: 'unavailable' }) });
    expect(await saveOne(b.e, task(1))).toEqual({ outcome: { kind: 'ok' }, via: 'memory' });
    expect(b.log).toEqual(['memory 1', 'offer f1.txt']);

    const c = env({ hasWorker: false, pickFile: async () => ({ kind: 'unavailable' }) });
    const big = await saveOne(c.e, task(2, MEMORY_FALLBACK_MAX_BYTES + 1));
    expect(big.outcome).toMatchObject({ kind: 'failed', message: expect.stringContaining('no way to save') });
    expect(c.log).toEqual([]);
  });

  it('never offers a file that did not verify', async () => {
    const { e, log } = env({
      hasWorker: false,
      pickFile: async () => ({ kind: 'unavailable' }),
      saveToMemory: async () => ({ outcome: { kind: 'corrupt' } }),
    });
    expect(await saveOne(e, task(0))).toEqual({ outcome: { kind: 'corrupt' }, via: 'memory' });
    expect(log).toEqual([]);
  });

  it('a cancelled picker cancels', async () => {
    const { e } = env({ hasWorker: false, pickFile: async () => ({ kind: 'cancelled' }) });
    expect(await saveOne(e, task(0))).toEqual({ outcome: { kind: 'cancelled' } });
  });

  it('reports a damaged file from the worker as it is', async () => {
    const { e } = env({ viaWorker: async () => ({ kind: 'corrupt' }) });
    expect(await saveOne(e, task(0))).toEqual({ outcome: { kind: 'corrupt' }, via: 'worker' });
  });
});

describe('saveAll', () => {
  it('saves the files one after another through the worker, skipping saved ones, going on after a failure', async () => {
    const { e, log } = env({
      viaWorker: async (w, t) => (log.push(`worker ${t.file}`), t.file === 1 ? { kind: 'corrupt' } : { kind: 'ok' }),
    });
    const done: string[] = [];
    await saveAll(e, [task(0), task(1), task(2), task(3)], {
      skip: (i) => i === 2,
      onDone: (i, s) => done.push(`${i} ${s.outcome.kind}`),
    });
    expect(log).toEqual(['worker 0', 'worker 1', 'worker 3']);
    expect(done).toEqual(['0 ok', '1 corrupt', '3 ok']);
  });

  it('without a worker writes into one picked folder, with distinct names', async () => {
    const { e, log } = env({ hasWorker: false });
    await saveAll(e, [task(0, 1, 'a.txt'), task(1, 1, 'a.txt')]);
    expect(log).toEqual(['pick dir', 'create a.txt', 'handle 0', 'create a (2).txt', 'handle 1']);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const { e, log } = env({
      viaWorker: async (w, t) => (log.push(`worker ${t.file}`), controller.abort(), { kind: 'cancelled' }),
    });
    await saveAll(e, [task(0), task(1)], { signal: controller.signal });
    expect(log).toEqual(['worker 0']);
  });
});
