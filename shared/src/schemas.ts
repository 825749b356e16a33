/**
 * API v1 wire schemas — the single definition used by the API (to validate requests), the web app and
 * CLI (to validate responses) and the tests. Types are inferred from these; never hand-copy them.
 * Ranges that depend on server configuration (views, expiry, sizes) are checked by the server against
 * its config, not here: the schemas check shape and encoding only.
 */
import * as v from 'valibot';
import { BASE64URL_PATTERN, encodedLength, fromBase64url } from './base64url.ts';
import { ERROR_CODES, GONE_REASONS } from './errors.ts';
import { AcceptedKdfParams, KdfParams } from './kdf-params.ts';

/** Base64url (unpadded) string that decodes to exactly `bytes` bytes. */
export const fixedBytes = (bytes: number, what: string) =>
  v.pipe(
    v.string(`${what} must be a string`),
    v.length(encodedLength(bytes), `${what} must be ${bytes} bytes as unpadded base64url`),
    v.regex(BASE64URL_PATTERN, `${what} must be unpadded base64url`),
    // Canonical encodings only (no stray trailing bits), so client and server accept the same strings.
    v.check((s) => fromBase64url(s) !== undefined, `${what} must be canonical unpadded base64url`),
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

/**
 * Per-push lifecycle options. On create each is optional (the server applies its default, and rejects a
 * value it does not let creators change); metadata always reports the effective values.
 * - retrievalStep: the reveal page waits for a click before consuming a view (link previewers load
 *   pages; they must not burn secrets). Off = reveal on load, a documented trade-off.
 * - deletableByViewer: a recipient holding the key may destroy the push after reading it.
 */
export const PushFlagsInput = v.strictObject({
  retrievalStep: v.optional(v.boolean('flags.retrievalStep must be a boolean')),
  deletableByViewer: v.optional(v.boolean('flags.deletableByViewer must be a boolean')),
});
export type PushFlagsInput = v.InferOutput<typeof PushFlagsInput>;
export const PushFlags = v.strictObject({ retrievalStep: v.boolean(), deletableByViewer: v.boolean() });
export type PushFlags = v.InferOutput<typeof PushFlags>;

/**
 * Passphrase lock sent at create: the public Argon2id parameters (docs/wire-format.md) and
 * SHA-256(passProof). The passphrase itself and P never leave the client.
 */
export const PassphraseLock = v.strictObject({
  kdf: AcceptedKdfParams,
  passProofHash: fixedBytes(PROOF_BYTES, 'passphrase.passProofHash'),
});
export type PassphraseLock = v.InferOutput<typeof PassphraseLock>;

export const CreateSecretRequest = v.strictObject({
  envelope: Base64urlBlob,
  keyProofHash: fixedBytes(PROOF_BYTES, 'keyProofHash'),
  /** Number of reveals allowed. Server default and range come from /api/v1/config. */
  views: v.optional(Int('views')),
  /** Lifetime in seconds from creation. */
  expiresIn: v.optional(Int('expiresIn')),
  flags: v.optional(PushFlagsInput),
  passphrase: v.optional(PassphraseLock),
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
  /** Null when no passphrase. Clients must check `kdf` with checkKdfParams before running it. */
  passphrase: v.nullable(v.strictObject({ kdf: KdfParams, attemptsLeft: Int('attemptsLeft') })),
});
export type SecretMeta = v.InferOutput<typeof SecretMeta>;

export const RevealRequest = v.strictObject({
  keyProof: fixedBytes(PROOF_BYTES, 'keyProof'),
  /** Required when the push has a passphrase; checked only after keyProof is right. */
  passProof: v.optional(fixedBytes(PROOF_BYTES, 'passProof')),
});
export type RevealRequest = v.InferOutput<typeof RevealRequest>;

export const RevealResponse = v.strictObject({
  envelope: Base64urlBlob,
  viewsLeft: Int('viewsLeft'),
  expiresAt: IsoTime,
});
export type RevealResponse = v.InferOutput<typeof RevealResponse>;

/** POST /api/v1/secrets/:id/burn — a recipient destroys a push it can prove it holds the key for. */
export const BurnRequest = v.strictObject({
  keyProof: fixedBytes(PROOF_BYTES, 'keyProof'),
});
export type BurnRequest = v.InferOutput<typeof BurnRequest>;

export const AUDIT_EVENT_TYPES = [
  'created',
  'viewed',
  'failed_key',
  'failed_passphrase',
  'locked',
  'expired_by_views',
  'expired_by_time',
  'deleted_by_creator',
  'deleted_by_viewer',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

const Capped = (max: number, what: string) => v.nullable(v.pipe(v.string(), v.maxLength(max, `${what} too long`)));

export const AuditEvent = v.strictObject({
  seq: Int('seq'),
  type: v.picklist(AUDIT_EVENT_TYPES),
  at: IsoTime,
  /** Full, truncated (/24, /48) or null, per the server's ZKPUSH_IP_LOGGING. */
  ip: Capped(64, 'ip'),
  userAgent: Capped(512, 'userAgent'),
  referrer: Capped(512, 'referrer'),
});
export type AuditEvent = v.InferOutput<typeof AuditEvent>;

/**
 * GET /api/v1/secrets/:id/events (owner token): the push's state and one page of its audit trail,
 * oldest first. Pass `nextCursor` back as `?after=` to read on; null means this was the last page.
 */
export const EventsPage = v.strictObject({
  id: SecretId,
  state: v.picklist(['active', 'viewed', 'expired', 'deleted', 'locked']),
  views: Int('views'),
  viewsLeft: Int('viewsLeft'),
  createdAt: IsoTime,
  expiresAt: IsoTime,
  events: v.array(AuditEvent),
  nextCursor: v.nullable(v.pipe(v.string(), v.maxLength(32))),
});
export type EventsPage = v.InferOutput<typeof EventsPage>;

const Range = v.strictObject({ min: Int('min'), max: Int('max'), default: Int('default') });
const FlagPolicy = v.strictObject({ default: v.boolean(), changeable: v.boolean() });

/** GET /api/v1/config: limits and defaults the web form and CLI use. */
export const ServerConfig = v.strictObject({
  apiVersion: v.literal(1),
  views: Range,
  /** Seconds. */
  expiresIn: Range,
  /** Largest accepted envelope, in decoded bytes. */
  maxEnvelopeBytes: Int('maxEnvelopeBytes'),
  flags: v.strictObject({ retrievalStep: FlagPolicy, deletableByViewer: FlagPolicy }),
  passphrase: v.strictObject({
    /** Whether creators may set a passphrase at all. */
    allowed: v.boolean(),
    /** Wrong passphrases tolerated before the push is destroyed. */
    maxAttempts: Int('maxAttempts'),
  }),
  audit: v.strictObject({
    ipLogging: v.picklist(['full', 'truncated', 'none']),
    retentionSeconds: Int('retentionSeconds'),
    maxEventsPerPush: Int('maxEventsPerPush'),
  }),
});
export type ServerConfig = v.InferOutput<typeof ServerConfig>;

export const ErrorBody = v.object({
  error: v.object({
    code: v.picklist(ERROR_CODES),
    message: v.string(),
    /** Present with `gone`. */
    reason: v.optional(v.picklist(GONE_REASONS)),
    /** Present with `wrong_passphrase`: wrong guesses left before the push is destroyed. */
    attemptsLeft: v.optional(Int('attemptsLeft')),
  }),
});
export type ErrorBody = v.InferOutput<typeof ErrorBody>;
