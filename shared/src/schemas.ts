/**
 * API v1 wire schemas — the single definition used by the API (to validate requests), the web app and
 * CLI (to validate responses) and the tests. Types are inferred from these; never hand-copy them.
 * Ranges that depend on server configuration (views, expiry, sizes) are checked by the server against
 * its config, not here: the schemas check shape and encoding only.
 */
import * as v from 'valibot';
import { BASE64URL_PATTERN, encodedLength } from './base64url.ts';
import { ERROR_CODES, GONE_REASONS } from './errors.ts';

/** Base64url (unpadded) string that decodes to exactly `bytes` bytes. */
export const fixedBytes = (bytes: number, what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.length(encodedLength(bytes), `${what} must be ${bytes} bytes as unpadded base64url`),
    v.regex(BASE64URL_PATTERN, `${what} must be unpadded base64url`),
  );

/** 128-bit random id, base64url: 22 characters. */
export const SECRET_ID_BYTES = 16;
export const SecretId = fixedBytes(SECRET_ID_BYTES, 'id');
/** 256-bit proofs, hashes and tokens. */
export const PROOF_BYTES = 32;
export const OWNER_TOKEN_BYTES = 32;

export const Base64urlBlob = v.pipe(
  v.string('envelope must be a string'),
  v.minLength(1, 'envelope must not be empty'),
  v.regex(BASE64URL_PATTERN, 'envelope must be unpadded base64url'),
);

const IsoTime = v.pipe(v.string(), v.isoTimestamp());
const Int = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`));

/** Per-push options reserved for later wire versions; v1 accepts only an empty object. */
export const PushFlags = v.strictObject({});

export const CreateSecretRequest = v.strictObject({
  envelope: Base64urlBlob,
  keyProofHash: fixedBytes(PROOF_BYTES, 'keyProofHash'),
  /** Number of reveals allowed. Server default and range come from /api/v1/config. */
  views: v.optional(Int('views')),
  /** Lifetime in seconds from creation. */
  expiresIn: v.optional(Int('expiresIn')),
  flags: v.optional(PushFlags),
});
export type CreateSecretRequest = v.InferOutput<typeof CreateSecretRequest>;

export const CreateSecretResponse = v.strictObject({
  id: SecretId,
  ownerToken: fixedBytes(OWNER_TOKEN_BYTES, 'ownerToken'),
  expiresAt: IsoTime,
  views: Int('views'),
});
export type CreateSecretResponse = v.InferOutput<typeof CreateSecretResponse>;

/** Public metadata: safe to show to anyone holding the id. Never contains ciphertext. */
export const SecretMeta = v.strictObject({
  id: SecretId,
  views: Int('views'),
  viewsLeft: Int('viewsLeft'),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  flags: PushFlags,
});
export type SecretMeta = v.InferOutput<typeof SecretMeta>;

export const RevealRequest = v.strictObject({
  keyProof: fixedBytes(PROOF_BYTES, 'keyProof'),
});
export type RevealRequest = v.InferOutput<typeof RevealRequest>;

export const RevealResponse = v.strictObject({
  envelope: Base64urlBlob,
  viewsLeft: Int('viewsLeft'),
  expiresAt: IsoTime,
});
export type RevealResponse = v.InferOutput<typeof RevealResponse>;

const Range = v.strictObject({ min: Int('min'), max: Int('max'), default: Int('default') });

/** GET /api/v1/config: limits and defaults the web form and CLI use. */
export const ServerConfig = v.strictObject({
  apiVersion: v.literal(1),
  views: Range,
  /** Seconds. */
  expiresIn: Range,
  /** Largest accepted envelope, in decoded bytes. */
  maxEnvelopeBytes: Int('maxEnvelopeBytes'),
});
export type ServerConfig = v.InferOutput<typeof ServerConfig>;

export const ErrorBody = v.object({
  error: v.object({
    code: v.picklist(ERROR_CODES),
    message: v.string(),
    /** Present with `gone`. */
    reason: v.optional(v.picklist(GONE_REASONS)),
  }),
});
export type ErrorBody = v.InferOutput<typeof ErrorBody>;
