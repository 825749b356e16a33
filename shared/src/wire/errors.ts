/**
 * The closed list of API error codes. Clients switch on `code`; `message` is for humans and may change.
 * Adding a code is a wire-format change: document it in docs/api.md.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  wrong_key: 403,
  /** This server only opens links: creating pushes is turned off (ZKPUSH_CREATE_ENABLED=false). */
  creation_disabled: 403,
  wrong_passphrase: 403,
  not_found: 404,
  method_not_allowed: 405,
  /** A file push whose sender has not finished uploading (meta, reveal); nothing was consumed. */
  not_ready: 409,
  /** Finalising a file push while chunks are still missing. */
  upload_incomplete: 409,
  /** An upload call (chunk, status, finalise) on a file push whose upload was already finalised. */
  upload_finalized: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  range_not_satisfiable: 416,
  /** The request's Host names a host this server does not answer (ZKPUSH_ALLOWED_HOSTS; DNS rebinding). */
  misdirected_request: 421,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
  /** A new push (text or files) or a chunk would exceed the storage quota or the disk's free-space reserve. */
  insufficient_storage: 507,
  /**
   * The server's disk is full, so this change could not be written; nothing changed. Reads still work,
   * and the server recovers on its own when space returns.
   */
  storage_full: 507,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as readonly ErrorCode[];

/**
 * Why a push that once existed can no longer be revealed. Reported with `gone` so the recipient can
 * tell "someone already opened this" from "it timed out" — the difference matters when a link may
 * have been intercepted.
 */
export const GONE_REASONS = ['viewed', 'expired', 'deleted', 'locked'] as const;
export type GoneReason = (typeof GONE_REASONS)[number];

/**
 * Which limit a `rate_limited` answer hit: the per-client request budget (token bucket), or the cap on
 * file bytes this client has declared at create but not uploaded yet. A client says different things
 * for them — wait a moment, or finish or delete the uploads it already started.
 */
export const RATE_LIMITS = ['requests', 'pending_uploads'] as const;
export type RateLimitKind = (typeof RATE_LIMITS)[number];
