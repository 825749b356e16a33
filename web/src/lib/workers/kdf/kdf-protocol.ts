/**
 * Messages between the page and the Argon2id worker (kdf-worker.ts). Both sides validate what they
 * receive with these schemas — a worker message is input like any other — so no side casts `data`.
 *
 * The page sends one `derive` request (the passphrase and the push's public KDF parameters); the
 * worker answers with `progress` messages and exactly one final message: `done` carrying P (32 bytes,
 * its buffer transferred, not copied) or a refusal. P is all the worker ever returns.
 */
import * as v from 'valibot';
import { KdfParams } from '@zkpush/shared/kdf-params';
import { PASS_KEY_BYTES } from '@zkpush/shared/wire-constants';

/** Longest passphrase the page hands to the worker (characters); Argon2id itself would take more. */
export const MAX_PASSPHRASE_LENGTH = 1024;

const RequestId = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

export const KdfRequest = v.strictObject({
  type: v.literal('derive'),
  id: RequestId,
  passphrase: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_PASSPHRASE_LENGTH)),
  kdf: KdfParams,
});
export type KdfRequest = v.InferOutput<typeof KdfRequest>;

const KDF_PROBLEMS = ['malformed', 'unsupported', 'too_weak', 'too_costly'] as const;

export const KdfResponse = v.variant('type', [
  v.strictObject({
    type: v.literal('progress'),
    id: RequestId,
    /** Completed fraction, 0..1. */
    fraction: v.pipe(v.number(), v.minValue(0), v.maxValue(1)),
  }),
  v.strictObject({
    type: v.literal('done'),
    id: RequestId,
    passKey: v.pipe(
      v.instance(Uint8Array),
      v.check((b) => b.length === PASS_KEY_BYTES, `P must be ${PASS_KEY_BYTES} bytes`),
    ),
  }),
  /** checkKdfParams refused the parameters before any work (shared/src/kdf-params.ts). */
  v.strictObject({ type: v.literal('bad_kdf'), id: RequestId, problem: v.picklist(KDF_PROBLEMS), message: v.string() }),
  /** The request was not valid, or Argon2id threw (out of memory). Never contains the passphrase. */
  v.strictObject({ type: v.literal('failed'), id: RequestId, message: v.string() }),
]);
export type KdfResponse = v.InferOutput<typeof KdfResponse>;

/** The id to answer a request that could not be parsed (so it has no usable id). */
export const UNKNOWN_REQUEST = 0;
