/**
 * The service worker's downloads: the page prepares a slot (one file's size and name, by
 * postMessage, never in a URL), the worker answers with a URL holding only the slot's random id, and
 * when the browser opens that URL the worker answers with a body the page feeds (page-stream.ts):
 * the page fetches and decrypts the file in its own workers (web/src/lib/reveal/files/pooled-download.ts) and
 * posts verified plaintext over the slot's port, with credit-based backpressure. The worker holds no
 * key, no download token and no push id. A file that fails verification — or a page that fails or
 * goes away — errors the body, so the browser marks the download as failed; it never looks complete.
 *
 * Slots are one-shot and live only in this worker's memory: opened once, or dropped unopened after
 * SLOT_TTL_MS. Nothing is cached, and every request that is not one of these URLs is left to the
 * network.
 */
import * as v from 'valibot';
import { safeFileName } from '@zkpush/shared/safe-name';
import { contentDisposition } from './content-disposition.ts';
import { downloadBridgeText } from '#lib/download-bridge/download-messages.ts';
import {
  DOWNLOAD_PATH_PREFIX,
  ToSlot,
  ToWorker,
  type DownloadJob,
  type FromSlot,
} from '#lib/download-bridge/download-protocol.ts';
import { createPageStream, type PageStream } from './page-stream.ts';

/** How long a prepared slot waits for the browser to open its URL. */
export const SLOT_TTL_MS = 60_000;

export interface PortLike {
  postMessage(message: FromSlot): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  /** Fired by browsers that report a closed entangled port (Chromium); the keepalive covers the rest. */
  addEventListener(type: 'close', listener: () => void): void;
  start(): void;
  close(): void;
}

interface SlotDeps {
  /** 128 random bits, base64url. */
  newSlotId: () => string;
  schedule: (ms: number, run: () => void) => () => void;
}

type Slot = { job: DownloadJob; port: PortLike; cancelTimer: () => void; stream?: PageStream };

const SLOT_ID = /^[A-Za-z0-9_-]{22}$/;

/** Headers of a streamed file: a download, never rendered, never stored. */
function headersFor(job: DownloadJob): Headers {
  return new Headers({
    'Content-Type': 'application/octet-stream',
    'Content-Disposition': contentDisposition(safeFileName(job.name)),
    'Content-Length': String(job.size),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
}

export function createDownloadSlots(deps: SlotDeps) {
  const slots = new Map<string, Slot>();

  function drop(id: string, slot: Slot, message: FromSlot): void {
    slots.delete(id);
    slot.cancelTimer();
    slot.port.postMessage(message);
    slot.port.close();
  }

  function prepare(job: DownloadJob, port: PortLike): void {
    const id = deps.newSlotId();
    const slot: Slot = {
      job,
      port,
      cancelTimer: deps.schedule(SLOT_TTL_MS, () => {
        if (slots.get(id) === slot) drop(id, slot, { type: 'finished', kind: 'expired' });
      }),
    };
    slots.set(id, slot);
    port.addEventListener('message', (event) => {
      const parsed = v.safeParse(ToSlot, event.data);
      if (slot.stream) {
        if (parsed.success) slot.stream.onMessage(parsed.output);
        else slot.stream.onClose();
        return;
      }
      // Not opened yet: a cancel (or anything else) drops the slot.
      if (slots.get(id) === slot) drop(id, slot, { type: 'finished', kind: 'cancelled' });
    });
    port.addEventListener('close', () => {
      if (slot.stream) slot.stream.onClose();
      else if (slots.get(id) === slot) drop(id, slot, { type: 'finished', kind: 'cancelled' });
    });
    port.start();
    port.postMessage({ type: 'ready', url: `${DOWNLOAD_PATH_PREFIX}${id}` });
  }

  return {
    /** A `message` event on the worker. */
    onMessage(data: unknown, ports: readonly PortLike[]): void {
      const parsed = v.safeParse(ToWorker, data);
      if (!parsed.success || parsed.output.type !== 'prepare') return;
      const port = ports[0];
      if (!port) return;
      prepare(parsed.output.job, port);
    },

    /**
     * A `fetch` event: a Response for this worker's own download URLs (with the promise of the
     * download's end, for waitUntil), undefined for everything else.
     */
    onFetch(
      request: { method: string; url: string },
      origin: string,
    ): { response: Response; done: Promise<void> } | undefined {
      const url = new URL(request.url);
      if (url.origin !== origin || !url.pathname.startsWith(DOWNLOAD_PATH_PREFIX)) return undefined;
      const id = url.pathname.slice(DOWNLOAD_PATH_PREFIX.length);
      const slot = SLOT_ID.test(id) && request.method === 'GET' ? slots.get(id) : undefined;
      if (!slot) {
        const gone = downloadBridgeText.staleLink;
        const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
        return { response: new Response(gone, { status: 404, headers }), done: Promise.resolve() };
      }
      slots.delete(id);
      slot.cancelTimer();
      const { port } = slot;
      port.postMessage({ type: 'started' });
      const stream = createPageStream(slot.job.size, { post: (m) => port.postMessage(m), schedule: deps.schedule });
      slot.stream = stream;
      const done = stream.done.then(() => port.close());
      return { response: new Response(stream.readable, { headers: headersFor(slot.job) }), done };
    },

    get pending(): number {
      return slots.size;
    },
  };
}
