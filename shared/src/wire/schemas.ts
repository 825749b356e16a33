/**
 * API v1 wire schemas — the single definition used by the API (to validate requests), the web app and
 * CLI (to validate responses) and the tests. Types are inferred from these; never hand-copy them.
 * Ranges that depend on server configuration (views, expiry, sizes) are checked by the server against
 * its config, not here: the schemas check shape and encoding only.
 */
import * as v from 'valibot';
import { BASE64URL_PATTERN, encodedLength, fromBase64url } from './base64url.ts';
import { AuthInfo } from './auth-schemas.ts';
import { ERROR_CODES, GONE_REASONS, RATE_LIMITS } from './errors.ts';
import { AcceptedKdfParams, KdfParams } from './kdf-params.ts';
import { MAX_MANIFEST_FILES } from './wire-constants.ts';

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

const Base64urlBlob = v.pipe(
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

/**
 * One file of a file push as the server sees it: its padded size (../crypto/file-stream.ts paddedFileSize), from
 * which the server derives the chunk count and every chunk's exact length. Names, types and exact sizes
 * are only in the encrypted manifest (the envelope).
 */
export const DeclaredFile = v.strictObject({ paddedSize: Int('files[].paddedSize') });
export type DeclaredFile = v.InferOutput<typeof DeclaredFile>;
const DeclaredFiles = v.pipe(
  v.array(DeclaredFile, 'files must be an array'),
  v.minLength(1, 'files must list at least one file'),
  v.maxLength(MAX_MANIFEST_FILES, `files must list at most ${MAX_MANIFEST_FILES} files`),
);

/**
 * A recipient constraint: one email address, or `@` and a domain. Deliberately simple (one `@`, no
 * spaces, a dot in the domain): it is compared case-insensitively with the provider's verified email,
 * never used to send mail.
 */
export const Recipient = v.pipe(
  v.string('recipient must be a string'),
  v.trim(),
  v.maxLength(320, 'recipient is too long'),
  v.regex(/^[^@\s]*@[^@\s]+\.[^@\s]+$/, 'recipient must be an email address or @domain'),
  v.toLowerCase(),
);

export const CreateSecretRequest = v.strictObject({
  envelope: Base64urlBlob,
  keyProofHash: fixedBytes(PROOF_BYTES, 'keyProofHash'),
  /** Number of reveals allowed. Server default and range come from /api/v1/config. */
  views: v.optional(Int('views')),
  /** Lifetime in seconds from creation. */
  expiresIn: v.optional(Int('expiresIn')),
  flags: v.optional(PushFlagsInput),
  passphrase: v.optional(PassphraseLock),
  /** Present for a file push: the envelope is then its manifest, and the files are uploaded next. */
  files: v.optional(DeclaredFiles),
  /**
   * Issue 12 §5: only someone signed in with this verified email (`alice@example.com`) or any address
   * of this domain (`@example.com`) may reveal or burn the push. Needs sign-in on the server.
   */
  recipient: v.optional(Recipient),
});
export type CreateSecretRequest = v.InferOutput<typeof CreateSecretRequest>;

/** Bearer tokens for chunk upload (to the creator) and download (to each reveal), 256 random bits. */
export const TRANSFER_TOKEN_BYTES = 32;

export const CreateSecretResponse = v.strictObject({
  id: SecretId,
  ownerToken: fixedBytes(OWNER_TOKEN_BYTES, 'ownerToken'),
  expiresAt: IsoTime,
  views: Int('views'),
  /** File pushes only: authorises the chunk uploads and the finalise call of this push. */
  upload: v.optional(v.strictObject({ token: fixedBytes(TRANSFER_TOKEN_BYTES, 'upload.token') })),
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
  /** Null for a text push; for a file push the padded sizes (all the server knows of its files). */
  files: v.nullable(v.array(DeclaredFile)),
  /** Issue 12 §5: true when revealing needs a sign-in as a named person (who is not said). */
  signInRequired: v.optional(v.boolean()),
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
  /**
   * File pushes only: this reveal's download window. The token authorises GET …/files/:index until
   * `expiresAt`; the files are deleted when the last view's window closes.
   */
  download: v.optional(
    v.strictObject({ token: fixedBytes(TRANSFER_TOKEN_BYTES, 'download.token'), expiresAt: IsoTime }),
  ),
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
  /** File pushes: the sender finalised the upload (every chunk stored). */
  'upload_completed',
  /** File pushes: no chunk arrived within the upload idle timeout; the push and its chunks were deleted. */
  'upload_abandoned',
  /** File pushes: the first download request of one file under one reveal's download token. */
  'download_started',
  /** Issue 12 §3–§4: an admin ended the push (`actor` says who). */
  'deleted_by_admin',
  /** Issue 12 §5: a signed-in user who is not the named recipient tried to open it (`actor`); no view used. */
  'recipient_mismatch',
  /** Issue 12 §4: an admin read this push's audit trail (`actor` says who). */
  'audit_read_by_admin',
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
  /** Issue 12: the signed-in person behind the event, when not the owner (admin, refused recipient). */
  actor: v.optional(Capped(320, 'actor')),
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
  /**
   * A file push with a download window still open (a reveal's grant): when the last one closes. Absent
   * when none is open. While it is set, DELETE still deletes the files, even after the push ended.
   */
  downloadsOpenUntil: v.optional(IsoTime),
  /**
   * Wrong key proofs — which anyone who knows the id can send — in total (`count`), and how many of
   * them `events` does not list (`omitted`): the trail keeps a `failed_key` event only for the first
   * five and the latest five. Absent when the push was never sent a wrong key (and from servers before
   * this field existed, whose trails list every `failed_key`).
   */
  failedKeyAttempts: v.optional(v.strictObject({ count: Int('count'), omitted: Int('omitted') })),
});
export type EventsPage = v.InferOutput<typeof EventsPage>;

/** Half-open chunk ranges [start, end), ascending and disjoint. */
const ChunkRanges = v.array(v.tuple([Int('range start'), Int('range end')]));

/** GET /api/v1/secrets/:id/upload (upload token): what the server has, so an upload can resume. */
export const UploadStatus = v.strictObject({
  files: v.array(v.strictObject({ chunks: Int('chunks'), received: ChunkRanges })),
  complete: v.boolean(),
  /** The upload is abandoned (and deleted) if no chunk arrives before this. */
  idleExpiresAt: IsoTime,
});
export type UploadStatus = v.InferOutput<typeof UploadStatus>;

const Range = v.strictObject({ min: Int('min'), max: Int('max'), default: Int('default') });
const FlagPolicy = v.strictObject({ default: v.boolean(), changeable: v.boolean() });

/** GET /api/v1/config: limits and defaults the web form and CLI use. */
/** How a server names and presents itself (ZKPUSH_BRAND_*); URLs are same-origin paths under /brand/. */
export const PublicBrand = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1)),
  tagline: v.nullable(v.string()),
  /** The operator's notice for the create and reveal pages. */
  disclaimer: v.nullable(v.string()),
  logo: v.nullable(v.strictObject({ light: v.string(), dark: v.string() })),
  links: v.strictObject({
    imprint: v.nullable(v.string()),
    privacy: v.nullable(v.string()),
    support: v.nullable(v.string()),
  }),
});
export type PublicBrand = v.InferOutput<typeof PublicBrand>;

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
  files: v.strictObject({
    /** Whether this server accepts file pushes at all. */
    allowed: v.boolean(),
    maxFiles: Int('maxFiles'),
    /** Largest exact file size accepted (its padded size must fit paddedFileSize of this). */
    maxFileBytes: Int('maxFileBytes'),
    /** Largest sum of padded file sizes in one push. */
    maxPushBytes: Int('maxPushBytes'),
    /** FILE_CHUNK_BYTES, stated so clients can check they speak the same format. */
    chunkBytes: Int('chunkBytes'),
    /** How long a reveal's download token stays valid. */
    downloadWindowSeconds: Int('downloadWindowSeconds'),
    /** An upload with no chunk for this long is abandoned and deleted. */
    uploadIdleSeconds: Int('uploadIdleSeconds'),
  }),
  brand: PublicBrand,
  /** What this server offers: `create` false is a retrieval-only gateway (creating is refused). */
  instance: v.strictObject({ create: v.boolean(), dashboard: v.boolean() }),
  /** Sign-in and the create policy; absent from servers older than issue 12 (anyone may create). */
  auth: v.optional(AuthInfo),
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
    /** Present with `rate_limited`: which limit was hit. */
    limit: v.optional(v.picklist(RATE_LIMITS)),
  }),
});
export type ErrorBody = v.InferOutput<typeof ErrorBody>;
