/**
 * Messages between the page and the chunk-opening workers (open-worker.ts), the download's mirror of
 * seal-protocol.ts; both sides validate what they receive. The page sends one `init` with the STREAM
 * keys and padded size of the file being downloaded, then `open` jobs whose ciphertext buffer is
 * transferred; the worker answers each job once: `opened` with the chunk's plaintext (padding
 * included, transferred back), `forged` when its tag does not check, `failed` for a bad request.
 */
import * as v from 'valibot';
import { FILE_NONCE_PREFIX_BYTES, SUBKEY_BYTES } from '@zkpush/shared/wire-constants';

const Id = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const Bytes = (n: number, what: string) =>
  v.pipe(
    v.instance(Uint8Array),
    v.check((b) => b.length === n, `${what} must be ${n} bytes`),
  );

export const OpenRequest = v.variant('type', [
  v.strictObject({
    type: v.literal('init'),
    fileKey: Bytes(SUBKEY_BYTES, 'fileKey'),
    noncePrefix: Bytes(FILE_NONCE_PREFIX_BYTES, 'noncePrefix'),
    paddedSize: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
  }),
  v.strictObject({ type: v.literal('open'), id: Id, chunk: Id, ciphertext: v.instance(Uint8Array) }),
]);
export type OpenRequest = v.InferOutput<typeof OpenRequest>;

export const OpenResponse = v.variant('type', [
  v.strictObject({ type: v.literal('opened'), id: Id, plaintext: v.instance(Uint8Array) }),
  /** The chunk failed authentication: altered, misplaced, cut, or under another key. */
  v.strictObject({ type: v.literal('forged'), id: Id }),
  /** A job that could not be run (no keys, bad request); never carries key or plaintext bytes. */
  v.strictObject({ type: v.literal('failed'), id: Id, message: v.string() }),
]);
export type OpenResponse = v.InferOutput<typeof OpenResponse>;
