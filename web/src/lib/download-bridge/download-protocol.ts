/**
 * Messages between the reveal page and the download service worker (src/service-worker/). The page
 * fetches and decrypts a file itself (pooled-download.ts); the worker only turns what the page sends
 * into the browser's download. The page hands it one file's size and name — never a key, token or
 * push id — together with a MessagePort; the worker answers with the URL to open (a random slot id),
 * then `started` when the browser opened it, then credit (`pull`): the page may send that many more
 * verified plaintext `chunk`s (transferred), so it never runs more than PULL_WINDOW chunks ahead of
 * what the download consumed. The page ends with `done` (the file verified complete: the worker
 * closes the body) or `failed` (the worker errors the body, so the browser marks the download as
 * failed); the worker ends with exactly one `finished`. Both sides validate what they receive. Used
 * by both TypeScript projects, so nothing here touches DOM or worker globals.
 */
import * as v from 'valibot';

/** Every URL the worker answers starts with this; it answers nothing else. Outside `_app/` the
 * server would serve the app shell for an unknown path; here it answers 404 if the worker is gone. */
export const DOWNLOAD_PATH_PREFIX = '/_app/zkpush-download/';

const Count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

/** Chunks the page may send before the first `pull` credit is used: a few MiB ahead, no more. */
export const PULL_WINDOW = 4;

export const DownloadJob = v.strictObject({
  size: Count,
  /** As the manifest has it; the worker sanitises it for Content-Disposition. */
  name: v.pipe(v.string(), v.maxLength(1024)),
});
export type DownloadJob = v.InferOutput<typeof DownloadJob>;

/** To the worker (its `message` event; the reply port in `ports[0]`). */
export const ToWorker = v.variant('type', [
  v.strictObject({ type: v.literal('prepare'), job: DownloadJob }),
  /** Sent while downloads run: each message event keeps an idle service worker from being stopped. */
  v.strictObject({ type: v.literal('keepalive') }),
]);
export type ToWorker = v.InferOutput<typeof ToWorker>;

/** To the worker over the job's port. */
export const ToSlot = v.variant('type', [
  /** Before the browser opened the URL: drop the slot. */
  v.strictObject({ type: v.literal('cancel') }),
  /** Verified plaintext, in file order; only as far as the worker's credit goes. */
  v.strictObject({ type: v.literal('chunk'), bytes: v.instance(Uint8Array) }),
  /** Every chunk was sent and the file verified complete (the opener's finish() was ok). */
  v.strictObject({ type: v.literal('done') }),
  /** The download failed or was cancelled in the page: the browser must not see a complete file. */
  v.strictObject({ type: v.literal('failed') }),
  /** The page is still there (sent while it waits for credit, too). */
  v.strictObject({ type: v.literal('keepalive') }),
]);
export type ToSlot = v.InferOutput<typeof ToSlot>;

const FINISH_KINDS = [
  /** The page reported the file verified complete and the body was closed. */
  'ok',
  /** The worker stopped the body on its own: the page broke the protocol or went silent. */
  'error',
  /** The browser stopped reading (the person cancelled the download in its UI). */
  'sink_failed',
  /** The page cancelled before the browser opened the URL. */
  'cancelled',
  /** The page never opened the URL in time; the slot was dropped. */
  'expired',
] as const;
export type FinishKind = (typeof FINISH_KINDS)[number];

/** From the worker over the job's port. */
export const FromSlot = v.variant('type', [
  v.strictObject({ type: v.literal('ready'), url: v.pipe(v.string(), v.startsWith(DOWNLOAD_PATH_PREFIX)) }),
  /** The browser opened the URL: the download is running. */
  v.strictObject({ type: v.literal('started') }),
  /** Credit: the page may send this many more chunks. */
  v.strictObject({ type: v.literal('pull'), chunks: v.pipe(Count, v.minValue(1)) }),
  v.strictObject({
    type: v.literal('finished'),
    kind: v.picklist(FINISH_KINDS),
    /** For `error`: a short reason (never file bytes). */
    detail: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  v.strictObject({ type: v.literal('refused'), message: v.pipe(v.string(), v.maxLength(200)) }),
]);
export type FromSlot = v.InferOutput<typeof FromSlot>;
