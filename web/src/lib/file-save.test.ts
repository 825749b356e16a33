import { describe, expect, it } from 'vitest';
import type { ApiResult, Download } from '@zkpush/shared/api-client';
import type { DownloadDeps } from '@zkpush/shared/download';
import { plaintextChunks } from '@zkpush/shared/file-chunker';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import type { DownloadTask } from './download-worker-client.ts';
import { MEMORY_FALLBACK_MAX_BYTES, saveToHandle, saveToMemory, type WritableLike } from './file-save.ts';

async function sealed(size: number, damage = false) {
  const bytes = new Uint8Array(size).map((_, i) => (i * 11) % 251);
  const { plans } = sealFiles([{ name: 'f', type: '', size }]);
  const plan = plans[0]!;
  const parts: Uint8Array[] = [];
  async function* one(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  for await (const c of plaintextChunks(one(), size, plan.layout)) {
    parts.push(sealChunk(plan.keys, plan.layout, c.index, c.plaintext));
  }
  const blob = new Uint8Array(Buffer.concat(parts));
  if (damage) blob[5]! ^= 1;
  const deps: DownloadDeps = {
    api: {
      async download(id, file, token, offset = 0): Promise<ApiResult<Download>> {
        return {
          kind: 'ok',
          value: { body: new Blob([blob.subarray(offset)]).stream(), start: offset, length: blob.length - offset },
        };
      },
    },
  };
  const task: DownloadTask = {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    file: 0,
    token: 'A'.repeat(43),
    size,
    name: 'x',
    keys: plan.keys,
  };
  return { bytes, deps, task };
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
    const f = await sealed(70_000);
    const out = writable();
    expect(await saveToHandle(f.deps, { createWritable: async () => out.w }, f.task)).toEqual({ kind: 'ok' });
    expect(Buffer.concat(out.parts).equals(Buffer.from(f.bytes))).toBe(true);
    expect(out.calls).toEqual(['close']);
  });

  it('aborts a damaged file, so the browser discards what was written', async () => {
    const f = await sealed(70_000, true);
    const out = writable();
    expect(await saveToHandle(f.deps, { createWritable: async () => out.w }, f.task)).toEqual({ kind: 'corrupt' });
    expect(out.calls).toEqual(['abort']);
  });
});

describe('saveToMemory', () => {
  it('hands out a Blob only for a verified file, and only below the limit', async () => {
    const good = await sealed(3000);
    const saved = await saveToMemory(good.deps, good.task);
    expect(saved.outcome).toEqual({ kind: 'ok' });
    expect(Buffer.from(await saved.blob!.arrayBuffer()).equals(Buffer.from(good.bytes))).toBe(true);
    const bad = await sealed(3000, true);
    expect(await saveToMemory(bad.deps, bad.task)).toEqual({ outcome: { kind: 'corrupt' } });
    expect(await saveToMemory(good.deps, { ...good.task, size: MEMORY_FALLBACK_MAX_BYTES + 1 })).toEqual({
      outcome: { kind: 'unavailable' },
    });
  });
});
