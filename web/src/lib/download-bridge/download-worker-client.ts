/**
 * The page side of service-worker downloads (src/service-worker/download-slots.ts): register the
 * worker, hand it one file's size and name over a MessageChannel, open the URL it answers in a hidden
 * iframe (a navigation, which the browser turns into a download because of Content-Disposition), and
 * once the browser opened it, fetch and decrypt the file here (the FileDownloader: a worker pool,
 * pooled-download.ts) into the slot's port (slot-sink.ts). The keys never leave the page and its
 * workers. The page ends the stream with `done` only when the file verified complete, with `failed`
 * otherwise. If the browser never opens the URL through the worker — the worker was stopped, or a
 * privacy mode bypasses it — the download reports `unavailable` so the page can fall back to another
 * way of saving.
 */
import * as v from 'valibot';
import { FromSlot, type DownloadJob, type ToSlot, type ToWorker } from './download-protocol.ts';
import { outcomeOf, outcomeOfFinish, type DownloadOutcome } from '#lib/reveal/files/download-outcome.ts';
import type { DownloadTask, FileDownloader } from '#lib/reveal/files/file-downloader.ts';
import { createSlotSink } from './slot-sink.ts';
import { t } from '#lib/i18n/recipient.ts';

/** The part of a ServiceWorker used here (tests pass a fake). */
export interface WorkerPostLike {
  postMessage(message: ToWorker, transfer: Transferable[]): void;
}

/** How long the browser may take to open the download URL before this way counts as unavailable. */
const START_TIMEOUT_MS = 15_000;
/**
 * Messages to the worker at this interval keep it from being stopped as idle during a long download,
 * and tell the slot the page is still there (page-stream.ts errors the body after PAGE_SILENCE_MS).
 */
const KEEPALIVE_MS = 10_000;

/** Registers /service-worker.js (an ES module, Kit 3) and waits until it is active, or undefined. */
export async function registerDownloadWorker(timeoutMs = 10_000): Promise<ServiceWorker | undefined> {
  const container = globalThis.navigator?.serviceWorker;
  if (!container) return undefined;
  try {
    await container.register('/service-worker.js', { type: 'module', scope: '/' });
    const ready = await Promise.race([
      container.ready,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs)),
    ]);
    return ready?.active ?? undefined;
  } catch {
    // Blocked by policy, a private mode, or an insecure origin (plain http other than localhost).
    return undefined;
  }
}

/** Opens `url` in a hidden same-origin iframe; returns how to remove it. */
function openInHiddenFrame(url: string): () => void {
  const frame = document.createElement('iframe');
  frame.hidden = true;
  frame.title = 'download';
  frame.src = url;
  document.body.append(frame);
  return () => frame.remove();
}

export interface WorkerDownloadOptions {
  onProgress?: (bytes: number) => void;
  signal?: AbortSignal;
  open?: (url: string) => () => void;
  schedule?: (ms: number, run: () => void) => () => void;
  every?: (ms: number, run: () => void) => () => void;
  channel?: () => { port1: MessagePort; port2: MessagePort };
}

export function downloadThroughWorker(
  worker: WorkerPostLike,
  task: DownloadTask,
  download: FileDownloader,
  options: WorkerDownloadOptions = {},
): Promise<DownloadOutcome> {
  const open = options.open ?? openInHiddenFrame;
  const schedule =
    options.schedule ??
    ((ms, run) => {
      const t = setTimeout(run, ms);
      return () => clearTimeout(t);
    });
  const every =
    options.every ??
    ((ms, run) => {
      const t = setInterval(run, ms);
      return () => clearInterval(t);
    });
  const { port1, port2 } = (options.channel ?? (() => new MessageChannel()))();
  // Size and name only: the worker never sees a key, the token or the push id.
  const job: DownloadJob = { size: task.size, name: task.name };
  const send = (m: ToSlot): void => port1.postMessage(m);
  const sink = createSlotSink(port1);
  const fetching = new AbortController();

  return new Promise<DownloadOutcome>((resolve) => {
    let settled = false;
    let started = false;
    let verified = false;
    let removeFrame: (() => void) | undefined;
    let stopStartTimer: (() => void) | undefined;
    const stopKeepalive = every(KEEPALIVE_MS, () => {
      worker.postMessage({ type: 'keepalive' }, []);
      send({ type: 'keepalive' });
    });
    const finish = (outcome: DownloadOutcome): void => {
      if (settled) return;
      settled = true;
      stopKeepalive();
      stopStartTimer?.();
      options.signal?.removeEventListener('abort', cancel);
      sink.end('the download ended');
      fetching.abort();
      port1.close();
      // The download manager holds the stream now; the frame is no longer needed.
      const remove = removeFrame;
      if (remove) schedule(1000, remove);
      resolve(outcome);
    };
    const cancel = (): void => {
      if (started) fetching.abort();
      else send({ type: 'cancel' });
    };
    options.signal?.addEventListener('abort', cancel);

    const run = async (): Promise<void> => {
      const result = await download(task, sink, {
        signal: fetching.signal,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      if (settled) return;
      if (result.kind === 'ok') {
        // Verified complete: the worker closes the body and answers `finished` ok.
        verified = true;
        return send({ type: 'done' });
      }
      send({ type: 'failed' });
      finish(outcomeOf(result));
    };

    port1.addEventListener('message', (event: MessageEvent<unknown>) => {
      const parsed = v.safeParse(FromSlot, event.data);
      if (!parsed.success) {
        send({ type: 'failed' });
        return finish({ kind: 'failed', message: t('dl_unexpected_message') });
      }
      const msg = parsed.output;
      switch (msg.type) {
        case 'ready':
          if (options.signal?.aborted) return cancel();
          removeFrame = open(msg.url);
          stopStartTimer = schedule(START_TIMEOUT_MS, () => {
            send({ type: 'cancel' });
            finish({ kind: 'unavailable' });
          });
          return;
        case 'started':
          if (started) return;
          started = true;
          stopStartTimer?.();
          if (options.signal?.aborted) {
            send({ type: 'failed' });
            return finish({ kind: 'cancelled' });
          }
          void run();
          return;
        case 'pull':
          return sink.grant(msg.chunks);
        case 'finished':
          // `ok` only counts after this page verified the file and said `done`.
          if (msg.kind === 'ok' && !verified) return finish({ kind: 'failed', message: t('dl_ended_early') });
          return finish(outcomeOfFinish(msg.kind, msg.detail));
        case 'refused':
          return finish({ kind: 'failed', message: msg.message });
      }
    });
    port1.start();
    worker.postMessage({ type: 'prepare', job }, [port2]);
  });
}
