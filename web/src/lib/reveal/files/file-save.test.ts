import { describe, expect, it } from 'vitest';
import { MEMORY_FALLBACK_MAX_BYTES, saveToHandle, saveToMemory, type WritableLike } from './file-save.ts';
import { createOpenPool } from '#lib/workers/open/open-pool.ts';
import { pooledDownloader } from './pooled-download.ts';
import { InProcessOpenWorker, servedFile } from '#lib/testing/open-workers.ts';

async function sealed(size: number, damage = false) {
  const f = await servedFile(size, damage ? 5 : undefined);
  // The page's real downloader, its workers in-process.
  const download = pooledDownloader(f.deps, (file) =>
    createOpenPool(file, { size: 2, spawn: () => new InProcessOpenWorker() }),
  );
  return { ...f, download };
}

function writable() {
  const parts: Uint8Array[] = [];
  const calls: string[] = [];
  const w: WritableLike = {
    write: async (b) => void parts.push(b.slice()),
    close: async () => void calls.push('close'),
    abort: async () => void calls.push('abort'),
  };
  return { w, parts, calls };
}

describe('saveToHandle', () => {
  it('writes the verified file and closes it', async () => {
    const f = await sealed(2_500_000);
    const out = writable();
    expect(await saveToHandle(f.download, { createWritable: async () => out.w }, f.task)).toEqual({ kind: 'ok' });
    expect(Buffer.concat(out.parts).equals(Buffer.from(f.bytes))).toBe(true);
    expect(out.calls).toEqual(['close']);
  });

  it('aborts a damaged file, so the browser discards what was written', async () => {
    const f = await sealed(70_000, true);
    const out = writable();
    expect(await saveToHandle(f.download, { createWritable: async () => out.w }, f.task)).toEqual({ kind: 'corrupt' });
    expect(out.calls).toEqual(['abort']);
    expect(out.parts).toEqual([]);
  });
});

describe('saveToMemory', () => {
  it('hands out a Blob only for a verified file, and only below the limit', async () => {
    const good = await sealed(3000);
    const saved = await saveToMemory(good.download, good.task);
    expect(saved.outcome).toEqual({ kind: 'ok' });
    expect(Buffer.from(await saved.blob!.arrayBuffer()).equals(Buffer.from(good.bytes))).toBe(true);
    const bad = await sealed(3000, true);
    expect(await saveToMemory(bad.download, bad.task)).toEqual({ outcome: { kind: 'corrupt' } });
    expect(await saveToMemory(good.download, { ...good.task, size: MEMORY_FALLBACK_MAX_BYTES + 1 })).toEqual({
      outcome: { kind: 'unavailable' },
    });
  });
});
