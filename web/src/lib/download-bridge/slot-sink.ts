/**
 * The page's end of a service-worker download stream (src/service-worker/page-stream.ts): a
 * DownloadSink that posts each verified plaintext chunk over the slot's port — its buffer transferred,
 * not copied — only as far as the worker's credit (`pull`) goes, so a write waits while the browser's
 * download is behind and the page never holds more than a few chunks ahead of it. Once the stream has
 * ended on the worker's side every write fails, which stops the fetch (downloadFile: sink_failed).
 */
import type { DownloadSink } from '@zkpush/shared/download';
import type { ToSlot } from './download-protocol.ts';
import { transferable } from '#lib/workers/transfer.ts';

interface SlotPostLike {
  postMessage(message: ToSlot, transfer: Transferable[]): void;
}

interface SlotSink extends DownloadSink {
  /** The worker granted `chunks` more. */
  grant(chunks: number): void;
  /** The worker's side ended: pending and later writes reject. */
  end(reason: string): void;
}

export function createSlotSink(port: SlotPostLike): SlotSink {
  let credit = 0;
  let ended: string | undefined;
  let waiting: { resolve: () => void; reject: (e: Error) => void } | undefined;

  return {
    async write(bytes) {
      if (bytes.length === 0) return;
      while (credit === 0) {
        if (ended !== undefined) throw new Error(ended);
        await new Promise<void>((resolve, reject) => (waiting = { resolve, reject }));
      }
      if (ended !== undefined) throw new Error(ended);
      credit -= 1;
      const moved = transferable(bytes);
      port.postMessage({ type: 'chunk', bytes: moved.bytes }, [moved.buffer]);
    },
    grant(chunks) {
      credit += chunks;
      const w = waiting;
      waiting = undefined;
      w?.resolve();
    },
    end(reason) {
      ended ??= reason;
      const w = waiting;
      waiting = undefined;
      w?.reject(new Error(reason));
    },
  };
}
