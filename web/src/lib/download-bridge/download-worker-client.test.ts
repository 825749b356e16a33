/**
 * The page's side against the real service-worker slot code, in-process: messages go over a real
 * MessageChannel, the page decrypts with its real downloader (workers in-process), and the "browser"
 * opens the URL by calling the worker's fetch handler and reading the body, as a download would.
 */
import { describe, expect, it, vi } from 'vitest';
import { FILE_CHUNK_BYTES as C } from '@zkpush/shared/wire-constants';
import { toBase64url } from '@zkpush/shared/base64url';
import { createDownloadSlots, type PortLike } from '../../service-worker/download-slots.ts';
import { downloadThroughWorker, type WorkerPostLike } from './download-worker-client.ts';
import { PULL_WINDOW } from './download-protocol.ts';
import { createOpenPool } from '#lib/workers/open/open-pool.ts';
import { pooledDownloader } from '#lib/reveal/files/pooled-download.ts';
import { InProcessOpenWorker, servedFile } from '#lib/testing/open-workers.ts';

const ORIGIN = 'https://zk.example';

async function served(size: number, damageAt?: number) {
  const f = await servedFile(size, damageAt);
  const download = pooledDownloader(f.deps, (file) =>
    createOpenPool(file, { size: 2, spawn: () => new InProcessOpenWorker() }),
  );
  return { ...f, download };
}

function workerFor() {
  const slots = createDownloadSlots({
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

/** The browser's download: reads the body, `delay` ms per chunk; counts how far the page got ahead. */
function browser(w: ReturnType<typeof workerFor>, delay = 0) {
  const got = { bytes: [] as number[][], failed: false, done: false, chunks: 0 };
  const open = (url: string) => {
    const handled = w.slots.onFetch({ method: 'GET', url: ORIGIN + url }, ORIGIN)!;
    void (async () => {
      const reader = handled.response.body!.getReader();
      try {
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          got.chunks += 1;
          got.bytes.push([...r.value.subarray(0, 4)], [r.value.length]);
          if (delay) await new Promise((res) => setTimeout(res, delay));
        }
        got.done = true;
      } catch {
        got.failed = true;
      }
    })();
    return () => undefined;
  };
  return { got, open };
}

describe('downloadThroughWorker', () => {
  it('decrypts in the page and streams the plaintext through the worker, which never sees a key or token', async () => {
    const f = await served(3 * C + 100);
    const w = workerFor();
    const progress: number[] = [];
    const received: Buffer[] = [];
    const opened: string[] = [];
    const outcome = await downloadThroughWorker(w.worker, f.task, f.download, {
      onProgress: (b) => progress.push(b),
      open: (url) => {
        opened.push(url);
        const handled = w.slots.onFetch({ method: 'GET', url: ORIGIN + url }, ORIGIN)!;
        void handled.response.arrayBuffer().then((b) => received.push(Buffer.from(b)));
        return () => undefined;
      },
    });
    expect(outcome).toEqual({ kind: 'ok' });
    // The browser's read of the body ends a few turns after the page's outcome: wait for it, not a fixed time.
    await vi.waitFor(() => expect(received[0]!.equals(Buffer.from(f.bytes))).toBe(true), { timeout: 10_000 });
    expect(progress.at(-1)).toBe(3 * C + 100);
    expect(opened[0]).toMatch(/^\/_app\/zkpush-download\/[A-Za-z0-9_-]{22}$/);
    expect(w.sent).toContainEqual({ type: 'prepare', job: { size: 3 * C + 100, name: 'x' } });
    expect(JSON.stringify(w.sent)).not.toContain(f.task.token);
  });

  it('a damaged chunk fails in the page and errors the download body', async () => {
    const f = await served(2 * C, C + 40);
    const w = workerFor();
    const b = browser(w);
    expect(await downloadThroughWorker(w.worker, f.task, f.download, { open: b.open })).toEqual({ kind: 'corrupt' });
    await vi.waitFor(() => expect(b.got.failed).toBe(true), { timeout: 10_000 });
    expect(b.got.done).toBe(false);
  });

  it('stays within the credit while the browser reads slowly', async () => {
    const f = await served(8 * C);
    const w = workerFor();
    const b = browser(w, 5);
    let aheadMost = 0;
    const outcome = await downloadThroughWorker(w.worker, f.task, f.download, {
      open: b.open,
      onProgress: (bytes) => (aheadMost = Math.max(aheadMost, Math.ceil(bytes / C) - b.got.chunks)),
    });
    expect(outcome).toEqual({ kind: 'ok' });
    expect(b.got.done).toBe(true);
    // Posted but not yet read: the credit window (plus the chunk being handed over).
    expect(aheadMost).toBeLessThanOrEqual(PULL_WINDOW + 1);
  });

  it('is unavailable when the browser never opens the URL through the worker', async () => {
    const f = await served(10);
    const w = workerFor();
    const timers: (() => void)[] = [];
    const pending = downloadThroughWorker(w.worker, f.task, f.download, {
      open: () => () => undefined,
      schedule: (ms, run) => (timers.push(run), () => undefined),
      every: () => () => undefined,
    });
    await vi.waitFor(() => expect(timers).toHaveLength(1), { timeout: 10_000 });
    timers[0]!();
    expect(await pending).toEqual({ kind: 'unavailable' });
  });

  it('cancels through its signal, before or during the download, and keeps the worker awake meanwhile', async () => {
    const f = await served(10);
    const w = workerFor();
    const controller = new AbortController();
    const ticks: (() => void)[] = [];
    const pending = downloadThroughWorker(w.worker, f.task, f.download, {
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

    const big = await served(6 * C);
    const during = new AbortController();
    const b = browser(w, 20);
    const running = downloadThroughWorker(w.worker, big.task, big.download, {
      signal: during.signal,
      open: b.open,
      onProgress: (bytes) => bytes > 0 && during.abort(),
    });
    expect(await running).toEqual({ kind: 'cancelled' });
    await vi.waitFor(() => expect(b.got.failed).toBe(true), { timeout: 10_000 });
  });
});
