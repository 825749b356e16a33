/**
 * The body of one streamed download, fed by the reveal page (download-protocol.ts): verified
 * plaintext chunks arrive over the slot's port and leave as the browser's download reads them. The
 * worker holds no key and opens nothing; it only keeps the rules of the stream:
 *
 * - credit: the page may send PULL_WINDOW chunks, and one more each time the download took one, so
 *   neither side holds more than a few chunks ahead of the download (a slow disk slows the page's
 *   fetch, not memory);
 * - the body is closed only after the page said `done` (its opener's finish() was ok) and exactly
 *   `size` bytes came; a page that says `failed`, sends past its credit or its size, closes the port,
 *   or goes silent for PAGE_SILENCE_MS (it keeps alive every KEEPALIVE_MS) errors the body instead,
 *   so the browser marks the download as failed — it never looks complete.
 */
import { PULL_WINDOW, type FinishKind, type FromSlot, type ToSlot } from '#lib/download-bridge/download-protocol.ts';

/**
 * How long a page may be silent. It sends a keepalive every 10 s (download-worker-client.ts), but a tab
 * hidden for minutes has its timers throttled to about once a minute (Chromium's intensive
 * throttling), and a paused download sends no chunks: three such minutes. A page that closes is
 * noticed at once where the browser reports the port closing.
 */
export const PAGE_SILENCE_MS = 180_000;

interface PageStreamDeps {
  post: (message: FromSlot) => void;
  schedule: (ms: number, run: () => void) => () => void;
}

export interface PageStream {
  readonly readable: ReadableStream<Uint8Array>;
  /** A validated message from the page. */
  onMessage(message: ToSlot): void;
  /** The port closed: the page is gone. */
  onClose(): void;
  /** Settles with how the stream ended (then `finished` was posted). */
  readonly done: Promise<FinishKind>;
}

export function createPageStream(size: number, deps: PageStreamDeps): PageStream {
  const queue: Uint8Array[] = [];
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let credit = PULL_WINDOW;
  let received = 0;
  let pageDone = false;
  let ended = false;
  let wanted: (() => void) | undefined;
  let settle!: (kind: FinishKind) => void;
  const done = new Promise<FinishKind>((resolve) => (settle = resolve));
  let stopWatch = (): void => undefined;

  const end = (kind: FinishKind, detail?: string): void => {
    if (ended) return;
    ended = true;
    stopWatch();
    queue.length = 0;
    wanted?.();
    wanted = undefined;
    deps.post(detail === undefined ? { type: 'finished', kind } : { type: 'finished', kind, detail });
    settle(kind);
  };
  const fail = (detail: string): void => {
    if (ended) return;
    controller.error(new Error(`download stopped: ${detail}`));
    end('error', detail);
  };
  const watch = (): void => {
    stopWatch();
    stopWatch = deps.schedule(PAGE_SILENCE_MS, () => fail('the page stopped answering'));
  };

  /** Hands the download what it asked for, when there is something. */
  const serve = (): void => {
    const resolve = wanted;
    if (ended || !resolve) return;
    const next = queue.shift();
    if (next) {
      wanted = undefined;
      controller.enqueue(next);
      // The chunk left: the page may send one more.
      credit += 1;
      deps.post({ type: 'pull', chunks: 1 });
    } else if (pageDone) {
      wanted = undefined;
      controller.close();
      end('ok');
    } else {
      return;
    }
    resolve();
  };

  const readable = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        return new Promise<void>((resolve) => {
          wanted = resolve;
          serve();
        });
      },
      cancel() {
        end('sink_failed');
      },
    },
    // Nothing buffered here beyond the queue the credit bounds: pull runs when the download reads.
    { highWaterMark: 0 },
  );

  watch();
  deps.post({ type: 'pull', chunks: PULL_WINDOW });

  return {
    readable,
    done,
    onMessage(message) {
      if (ended) return;
      watch();
      switch (message.type) {
        case 'chunk':
          if (pageDone || credit === 0) return fail('a chunk beyond the credit');
          if (received + message.bytes.length > size) return fail('more bytes than the file has');
          credit -= 1;
          received += message.bytes.length;
          queue.push(message.bytes);
          // The credit comes back when the download takes the chunk (serve posts `pull`).
          return serve();
        case 'done':
          if (received !== size) return fail('the file ended short');
          pageDone = true;
          return serve();
        case 'failed':
        case 'cancel':
          return fail('the page reported a failure');
        case 'keepalive':
          return;
      }
    },
    onClose() {
      fail('the page went away');
    },
  };
}
