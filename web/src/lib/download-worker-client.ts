/**
 * The page side of service-worker downloads (src/service-worker/download-slots.ts): register the
 * worker, hand it one file's job over a MessageChannel, open the URL it answers in a hidden iframe
 * (a navigation, which the browser turns into a download because of Content-Disposition), and follow
 * its progress until `finished`. If the browser never opens the URL through the worker — the worker
 * was stopped, or a privacy mode bypasses it — the download reports `unavailable` so the page can
 * fall back to another way of saving.
 */
import * as v from 'valibot';
import type { FileKeys } from '@zkpush/shared/file-stream';
import { FromSlot, type DownloadJob, type ToSlot, type ToWorker } from './download-protocol.ts';
import { outcomeOfFinish, type DownloadOutcome } from './download-outcome.ts';

/** The part of a ServiceWorker used here (tests pass a fake). */
export interface WorkerPostLike {
  postMessage(message: ToWorker, transfer: Transferable[]): void;
}

export type DownloadTask = { id: string; file: number; token: string; size: number; name: string; keys: FileKeys };

/** How long the browser may take to open the download URL before this way counts as unavailable. */
export const START_TIMEOUT_MS = 15_000;
/** Messages to the worker at this interval keep it from being stopped as idle during a long download. */
export const KEEPALIVE_MS = 10_000;

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
export function openInHiddenFrame(url: string): () => void {
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
  const job: DownloadJob = {
    id: task.id,
    file: task.file,
    token: task.token,
    size: task.size,
    name: task.name,
    // Copies: structured cloning would copy anyway; the page's plan keeps its own.
    fileKey: new Uint8Array(task.keys.fileKey),
    noncePrefix: new Uint8Array(task.keys.noncePrefix),
  };

  return new Promise<DownloadOutcome>((resolve) => {
    let settled = false;
    let removeFrame: (() => void) | undefined;
    let stopStartTimer: (() => void) | undefined;
    const stopKeepalive = every(KEEPALIVE_MS, () => worker.postMessage({ type: 'keepalive' }, []));
    const send = (m: ToSlot): void => port1.postMessage(m);
    const finish = (outcome: DownloadOutcome): void => {
      if (settled) return;
      settled = true;
      stopKeepalive();
      stopStartTimer?.();
      options.signal?.removeEventListener('abort', cancel);
      port1.close();
      // The download manager holds the stream now; the frame is no longer needed.
      const remove = removeFrame;
      if (remove) schedule(1000, remove);
      job.fileKey.fill(0);
      resolve(outcome);
    };
    const cancel = (): void => send({ type: 'cancel' });
    options.signal?.addEventListener('abort', cancel);

    port1.addEventListener('message', (event: MessageEvent<unknown>) => {
      const parsed = v.safeParse(FromSlot, event.data);
      if (!parsed.success) return finish({ kind: 'failed', message: 'unexpected message from the download worker' });
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
          stopStartTimer?.();
          return;
        case 'progress':
          options.onProgress?.(msg.bytes);
          return;
        case 'finished':
          return finish(outcomeOfFinish(msg.kind, msg.detail));
        case 'refused':
          return finish({ kind: 'failed', message: msg.message });
      }
    });
    port1.start();
    worker.postMessage({ type: 'prepare', job }, [port2]);
  });
}
