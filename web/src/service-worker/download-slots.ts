/**
 * The service worker's downloads: the page prepares a slot (push id, download token, one file's
 * STREAM keys, size, name — by postMessage, never in a URL), the worker answers with a URL holding
 * only the slot's random id, and when the browser opens that URL the worker streams the file:
 * ciphertext from GET …/files/:i through downloadFile (shared/src/download.ts), verified plaintext
 * into the response body, with backpressure. A file that fails verification errors the body, so the
 * browser marks the download as failed — it never looks complete.
 *
 * Slots are one-shot and live only in this worker's memory: opened once, or dropped unopened after
 * SLOT_TTL_MS; either way the keys are wiped when the download ends. Nothing is cached, and every
 * request that is not one of these URLs is left to the network.
 */
import * as v from 'valibot';
import type { ApiClient } from '@zkpush/shared/api-client';
import { downloadFile, type DownloadResult } from '@zkpush/shared/download';
import { fileLayout } from '@zkpush/shared/file-stream';
import { safeFileName } from '@zkpush/shared/safe-name';
import { contentDisposition } from '#lib/content-disposition.ts';
import { DOWNLOAD_PATH_PREFIX, ToSlot, ToWorker, type DownloadJob, type FromSlot } from '#lib/download-protocol.ts';

/** How long a prepared slot waits for the browser to open its URL. */
export const SLOT_TTL_MS = 60_000;

export interface PortLike {
  postMessage(message: FromSlot): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  start(): void;
  close(): void;
}

export interface SlotDeps {
  api: Pick<ApiClient, 'download'>;
  /** 128 random bits, base64url. */
  newSlotId: () => string;
  schedule: (ms: number, run: () => void) => () => void;
}

type Slot = { job: DownloadJob; port: PortLike; controller: AbortController; cancelTimer: () => void };

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

function finishedOf(result: DownloadResult | { kind: 'expired' }): FromSlot {
  switch (result.kind) {
    case 'corrupt':
      return { type: 'finished', kind: 'corrupt', detail: result.reason };
    case 'error':
      return { type: 'finished', kind: 'error', detail: result.code };
    case 'denied':
      return { type: 'finished', kind: 'denied', detail: result.code };
    case 'opener_failed':
      return { type: 'finished', kind: 'error', detail: 'opener_failed' };
    default:
      return { type: 'finished', kind: result.kind };
  }
}

export function createDownloadSlots(deps: SlotDeps) {
  const slots = new Map<string, Slot>();

  function drop(id: string, slot: Slot, message: FromSlot): void {
    slots.delete(id);
    slot.cancelTimer();
    slot.job.fileKey.fill(0);
    slot.port.postMessage(message);
    slot.port.close();
  }

  function prepare(job: DownloadJob, port: PortLike): void {
    const id = deps.newSlotId();
    const controller = new AbortController();
    const slot: Slot = {
      job,
      port,
      controller,
      cancelTimer: deps.schedule(SLOT_TTL_MS, () => {
        if (slots.get(id) === slot) drop(id, slot, finishedOf({ kind: 'expired' }));
      }),
    };
    slots.set(id, slot);
    port.addEventListener('message', (event) => {
      if (!v.safeParse(ToSlot, event.data).success) return;
      controller.abort();
      // Not opened yet: nothing else will end it.
      if (slots.get(id) === slot) drop(id, slot, { type: 'finished', kind: 'cancelled' });
    });
    port.start();
    port.postMessage({ type: 'ready', url: `${DOWNLOAD_PATH_PREFIX}${id}` });
  }

  async function run(slot: Slot, writer: WritableStreamDefaultWriter<Uint8Array>): Promise<void> {
    const { job, port, controller } = slot;
    port.postMessage({ type: 'started' });
    let last = -1;
    const result = await downloadFile(
      { api: deps.api },
      {
        id: job.id,
        file: job.file,
        downloadToken: job.token,
        size: job.size,
        layout: fileLayout(job.size),
        keys: { fileKey: job.fileKey, noncePrefix: job.noncePrefix },
        sink: { write: (bytes) => writer.write(bytes) },
        signal: controller.signal,
        onProgress: ({ bytes }) => {
          if (bytes !== last) port.postMessage({ type: 'progress', bytes });
          last = bytes;
        },
      },
    );
    job.fileKey.fill(0);
    // Only a verified, complete file ends the body normally; anything else errors it.
    if (result.kind === 'ok') await writer.close().catch(() => undefined);
    else await writer.abort(new Error(`download ${result.kind}`)).catch(() => undefined);
    port.postMessage(finishedOf(result));
    port.close();
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
        const gone = 'This download link was already used or has expired. Go back and press Download again.\n';
        const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
        return { response: new Response(gone, { status: 404, headers }), done: Promise.resolve() };
      }
      slots.delete(id);
      slot.cancelTimer();
      const body = new TransformStream<Uint8Array, Uint8Array>();
      const done = run(slot, body.writable.getWriter());
      return { response: new Response(body.readable, { headers: headersFor(slot.job) }), done };
    },

    get pending(): number {
      return slots.size;
    },
  };
}
