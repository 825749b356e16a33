/**
 * The closed list of API error codes. Clients switch on `code`; `message` is for humans and may change.
 * Adding a code is a wire-format change: document it in docs/api.md.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  /** The sign-in callback's state, code or ID token did not check out (tampered, replayed, expired, wrong issuer). */
  oidc_callback_invalid: 400,
  unauthorized: 401,
  /** Creating (or this endpoint) needs a signed-in user or an API token (ZKPUSH_CREATE_POLICY); see /api/v1/config. */
  sign_in_required: 401,
  /** The API token is unknown, expired or revoked, or lacks the scope this request needs. */
  token_invalid: 401,
  /** Signed in, but the instance's policy does not let this user do this (a role limit, a missing scope). */
  forbidden_by_policy: 403,
  /** A state-changing browser request authenticated by the session cookie without its CSRF token. */
  csrf_failed: 403,
  /** An identity header (ZKPUSH_TRUSTED_HEADER_*) from a peer that is not one of ZKPUSH_TRUSTED_PROXIES. */
  identity_header_refused: 403,
  /**
   * A recipient-bound push (issue 12 §5) opened by a signed-in user whose verified email does not match
   * the one the creator named; the attempt is in the audit trail with that user's identity, no view used.
   */
  recipient_mismatch: 403,
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
  /** Sign-in is configured but the identity provider could not be reached or answered wrongly. */
  sign_in_unavailable: 503,
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
