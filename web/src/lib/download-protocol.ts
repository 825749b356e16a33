/**
 * Messages between the reveal page and the download service worker (src/service-worker/). The page
 * hands the worker one file's download — push id, download token, the file's STREAM keys, exact size
 * and name — together with a MessagePort for the answers; the worker answers with the URL to open
 * (it carries a random slot id, never a key), then progress, then exactly one `finished`. Both sides
 * validate what they receive. Used by both TypeScript projects, so nothing here touches DOM or
 * worker globals.
 */
import * as v from 'valibot';
import { fixedBytes, SecretId, TRANSFER_TOKEN_BYTES } from '@zkpush/shared/schemas';
import { FILE_NONCE_PREFIX_BYTES, SUBKEY_BYTES } from '@zkpush/shared/wire-constants';

/** Every URL the worker answers starts with this; it answers nothing else. Outside `_app/` the
 * server would serve the app shell for an unknown path; here it answers 404 if the worker is gone. */
export const DOWNLOAD_PATH_PREFIX = '/_app/zkpush-download/';

const Bytes = (n: number, what: string) =>
  v.pipe(
    v.instance(Uint8Array),
    v.check((b) => b.length === n, `${what} must be ${n} bytes`),
  );
const Count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

export const DownloadJob = v.strictObject({
  id: SecretId,
  file: Count,
  token: fixedBytes(TRANSFER_TOKEN_BYTES, 'token'),
  size: Count,
  fileKey: Bytes(SUBKEY_BYTES, 'fileKey'),
  noncePrefix: Bytes(FILE_NONCE_PREFIX_BYTES, 'noncePrefix'),
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
export const ToSlot = v.strictObject({ type: v.literal('cancel') });
export type ToSlot = v.InferOutput<typeof ToSlot>;

export const FINISH_KINDS = [
  'ok',
  'corrupt',
  'gone',
  'denied',
  'error',
  'bad_response',
  'network',
  /** The browser stopped reading (the person cancelled the download in its UI). */
  'sink_failed',
  'cancelled',
  /** The page never opened the URL in time; the keys were dropped. */
  'expired',
] as const;
export type FinishKind = (typeof FINISH_KINDS)[number];

/** From the worker over the job's port. */
export const FromSlot = v.variant('type', [
  v.strictObject({ type: v.literal('ready'), url: v.pipe(v.string(), v.startsWith(DOWNLOAD_PATH_PREFIX)) }),
  /** The browser opened the URL: the download is running. */
  v.strictObject({ type: v.literal('started') }),
  v.strictObject({ type: v.literal('progress'), bytes: Count }),
  v.strictObject({
    type: v.literal('finished'),
    kind: v.picklist(FINISH_KINDS),
    /** For `corrupt`: auth_failed, too_long, truncated or bad_padding; for others a short reason. */
    detail: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  v.strictObject({ type: v.literal('refused'), message: v.pipe(v.string(), v.maxLength(200)) }),
]);
export type FromSlot = v.InferOutput<typeof FromSlot>;
