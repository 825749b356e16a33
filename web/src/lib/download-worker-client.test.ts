/**
 * The page's side against the real service-worker slot code, in-process: messages go over a real
 * MessageChannel and the "browser" opens the URL by calling the worker's fetch handler and reading
 * the body, as a download would.
 */
import { describe, expect, it } from 'vitest';
import type { ApiResult, Download } from '@zkpush/shared/api-client';
import { toBase64url } from '@zkpush/shared/base64url';
import { plaintextChunks } from '@zkpush/shared/file-chunker';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import { createDownloadSlots, type PortLike } from '../service-worker/download-slots.ts';
import { downloadThroughWorker, type DownloadTask, type WorkerPostLike } from './download-worker-client.ts';

const ORIGIN = 'https://zk.example';

async function sealedTask(size: number, damage = false) {
  const bytes = new Uint8Array(size).map((_, i) => (i * 3) % 251);
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
  if (damage) blob[blob.length - 3]! ^= 1;
  const task: DownloadTask = {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    file: 0,
    token: 'A'.repeat(43),
    size,
    name: 'report.pdf',
    keys: plan.keys,
  };
  return { bytes, blob, task };
}

function workerFor(blob: Uint8Array<ArrayBuffer>) {
  const slots = createDownloadSlots({
    api: {
      async download(id, file, token, offset = 0): Promise<ApiResult<Download>> {
        return {
          kind: 'ok',
          value: { body: new Blob([blob.subarray(offset)]).stream(), start: offset, length: blob.length - offset },
        };
      },
    },
    newSlotId: () => toBase64url(crypto.getRandomValues(new Uint8Array(16))),
    schedule: () => () => undefined,
  });
  const sent: unknown[] = [];
  const worker: WorkerPostLike = {
    postMessage(message, transfer) {
      sent.push(message);
      const ports = transfer.filter((t): t is MessagePort => t instanceof MessagePort);
      const like: PortLike[] = ports;
      // The real worker gets a structured clone.
      slots.onMessage(structuredClone(message), like);
    },
  };
  return { slots, worker, sent };
}

describe('downloadThroughWorker', () => {
  it('streams a file through the worker and reports progress; the URL holds no key or token', async () => {
    const f = await sealedTask(1_500_000);
    const w = workerFor(f.blob);
    const received: Buffer[] = [];
    const opened: string[] = [];
    const progress: number[] = [];
    const outcome = await downloadThroughWorker(w.worker, f.task, {
      onProgress: (b) => progress.push(b),
      open: (url) => {
        opened.push(url);
        const handled = w.slots.onFetch({ method: 'GET', url: ORIGIN + url }, ORIGIN)!;
        void handled.response.arrayBuffer().then((b) => received.push(Buffer.from(b)));
        return () => undefined;
      },
    });
    expect(outcome).toEqual({ kind: 'ok' });
    await new Promise((r) => setTimeout(r, 10));
    expect(received[0]!.equals(Buffer.from(f.bytes))).toBe(true);
    expect(progress.at(-1)).toBe(1_500_000);
    expect(opened[0]).toMatch(/^\/_app\/zkpush-download\/[A-Za-z0-9_-]{22}$/);
    expect(opened[0]).not.toContain(f.task.token);
    // The page's copy of the key it sent is wiped; its own plan key is untouched.
    expect(f.task.keys.fileKey.some((b) => b !== 0)).toBe(true);
  });

  it('says corrupt when the worker stopped a damaged file', async () => {
    const f = await sealedTask(2000, true);
    const w = workerFor(f.blob);
    let failed = false;
    const outcome = await downloadThroughWorker(w.worker, f.task, {
      open: (url) => {
        const handled = w.slots.onFetch({ method: 'GET', url: ORIGIN + url }, ORIGIN)!;
        handled.response.arrayBuffer().catch(() => (failed = true));
        return () => undefined;
      },
    });
    expect(outcome).toEqual({ kind: 'corrupt' });
    await new Promise((r) => setTimeout(r, 10));
    expect(failed).toBe(true);
  });

  it('is unavailable when the browser never opens the URL through the worker', async () => {
    const f = await sealedTask(10);
    const w = workerFor(f.blob);
    const timers: (() => void)[] = [];
    const pending = downloadThroughWorker(w.worker, f.task, {
      open: () => () => undefined,
      schedule: (ms, run) => (timers.push(run), () => undefined),
      every: () => () => undefined,
    });
    await new Promise((r) => setTimeout(r, 10));
    timers[0]!();
    expect(await pending).toEqual({ kind: 'unavailable' });
  });

  it('cancels through its signal and keeps the worker awake meanwhile', async () => {
    const f = await sealedTask(10);
    const w = workerFor(f.blob);
    const controller = new AbortController();
    const ticks: (() => void)[] = [];
    const pending = downloadThroughWorker(w.worker, f.task, {
      signal: controller.signal,
      open: () => () => undefined,
      every: (ms, run) => (ticks.push(run), () => undefined),
      schedule: () => () => undefined,
    });
    ticks[0]!();
    await new Promise((r) => setTimeout(r, 10));
    controller.abort();
    expect(await pending).toEqual({ kind: 'cancelled' });
    expect(w.sent).toContainEqual({ type: 'keepalive' });
  });
});
