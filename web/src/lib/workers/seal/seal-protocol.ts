/**
 * Messages between the page and the chunk-sealing workers (seal-worker.ts). Both sides validate what
 * they receive, as for the KDF worker (kdf-protocol.ts). The page sends one `init` with the STREAM keys
 * and padded sizes of the push's files, then `seal` jobs whose plaintext buffer is transferred (moved,
 * not copied); the worker answers each job once, transferring the sealed chunk back.
 */
import * as v from 'valibot';
import { FILE_NONCE_PREFIX_BYTES, SUBKEY_BYTES } from '@zkpush/shared/wire-constants';

const Id = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
const Bytes = (n: number, what: string) =>
  v.pipe(
    v.instance(Uint8Array),
    v.check((b) => b.length === n, `${what} must be ${n} bytes`),
  );

const SealFile = v.strictObject({
  fileKey: Bytes(SUBKEY_BYTES, 'fileKey'),
  noncePrefix: Bytes(FILE_NONCE_PREFIX_BYTES, 'noncePrefix'),
  paddedSize: v.pipe(v.number(), v.safeInteger(), v.minValue(1)),
});
type SealFile = v.InferOutput<typeof SealFile>;

export const SealRequest = v.variant('type', [
  v.strictObject({ type: v.literal('init'), files: v.pipe(v.array(SealFile), v.minLength(1)) }),
  v.strictObject({
    type: v.literal('seal'),
    id: Id,
    file: Id,
    chunk: Id,
    plaintext: v.instance(Uint8Array),
  }),
]);
export type SealRequest = v.InferOutput<typeof SealRequest>;

export const SealResponse = v.variant('type', [
  v.strictObject({ type: v.literal('sealed'), id: Id, sealed: v.instance(Uint8Array) }),
  /** A job that could not be sealed (bad request, wrong length); never carries key or plaintext bytes. */
  v.strictObject({ type: v.literal('failed'), id: Id, message: v.string() }),
]);
export type SealResponse = v.InferOutput<typeof SealResponse>;
