/**
 * The one mapping from a domain service's refusal (its tagged result other than `ok`) to the ApiError
 * the route answers with (docs/api.md "Errors"). Routes hand every refusal here instead of building
 * `not_found` / `gone` / `not_ready` answers themselves; only what depends on the route — which
 * credential a `forbidden` is about, what a wrong key spared — is passed in.
 */
import type { GoneReason } from '@zkpush/shared/errors';
import { ApiError } from './api-error.ts';

/** Every refusal a domain service returns (domain/secrets, domain/files). */
export type Refusal =
  | { kind: 'not_found' }
  | { kind: 'gone'; reason: GoneReason }
  | { kind: 'not_ready' }
  | { kind: 'invalid'; message: string }
  | { kind: 'too_large'; message: string }
  | { kind: 'insufficient_storage'; message: string }
  /** The client's own unsent uploads are the limit, not the server's room (docs/api.md). */
  | { kind: 'rate_limited'; message: string; retryAfterSeconds: number }
  | { kind: 'forbidden' }
  | { kind: 'wrong_key' }
  /** `counted` is false when passProof was missing (no attempt used). */
  | { kind: 'wrong_passphrase'; attemptsLeft: number; counted: boolean }
  | { kind: 'not_deletable' }
  | { kind: 'no_files' }
  | { kind: 'finalized' }
  | { kind: 'incomplete'; missing: number; total: number }
  | { kind: 'range_not_satisfiable'; size: number }
  /** Sign-in and policy (api/src/auth/): each carries the sentence that says what to do. */
  | { kind: 'sign_in_required'; message: string }
  | { kind: 'forbidden_by_policy'; message: string }
  | { kind: 'token_invalid'; message: string }
  | { kind: 'csrf_failed'; message: string }
  | { kind: 'identity_header_refused'; message: string }
  /** The sign-in callback did not check out (tampered, replayed, expired, another browser's). */
  | { kind: 'invalid_callback'; message: string }
  | { kind: 'sign_in_unavailable'; message: string }
  /** A recipient-bound push (issue 12 §5) asked for by a signed-in user who is not the named recipient. */
  | { kind: 'recipient_mismatch' };

/** What `forbidden` and `wrong_key` say on this route. */
type RefusalWording = {
  /** The credential that did not match, e.g. FORBIDDEN.ownerToken. */
  forbidden?: string;
  /** What a wrong key left untouched, e.g. "no view was used". */
  wrongKeySpared?: string;
};

export const FORBIDDEN = Object.freeze({
  ownerToken: 'the owner token does not match this secret',
  uploadToken: 'the upload token does not match this push',
  downloadToken: 'the download token is not valid for this push (unknown, or its window has closed)',
  notCreator: 'you are signed in as someone who did not create this push; use its owner token',
});

const GONE_MESSAGES: Readonly<Record<GoneReason, string>> = {
  viewed: 'this secret has already been viewed',
  expired: 'this secret has expired',
  // The creator or a recipient holding the key; the creator's audit trail says which.
  deleted: 'this secret has been deleted',
  locked: 'this secret was destroyed after too many failed attempts',
};

function wrongPassphrase(attemptsLeft: number, counted: boolean): string {
  if (!counted) return 'this secret is protected by a passphrase; send passProof (no attempt was used)';
  if (attemptsLeft === 0) return 'wrong passphrase; no attempts left, so the secret has been destroyed';
  return `wrong passphrase; ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left`;
}

/** RFC 6750 §3: a refused bearer token says so in its challenge. */
const INVALID_TOKEN_CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="zkpush", error="invalid_token"' };

export function refusalError(refusal: Refusal, wording: RefusalWording = {}): ApiError {
  switch (refusal.kind) {
    case 'not_found':
      return new ApiError('not_found', 'no such secret (it may never have existed, or its record has been purged)');
    case 'gone':
      return new ApiError('gone', GONE_MESSAGES[refusal.reason], { reason: refusal.reason });
    case 'not_ready':
      return new ApiError(
        'not_ready',
        'the sender is still uploading the files of this push; nothing was used, try again later',
      );
    case 'invalid':
      return new ApiError('invalid_request', refusal.message);
    case 'too_large':
      return new ApiError('payload_too_large', refusal.message);
    case 'insufficient_storage':
      return new ApiError('insufficient_storage', refusal.message);
    case 'rate_limited':
      return new ApiError('rate_limited', refusal.message, {
        limit: 'pending_uploads',
        headers: { 'Retry-After': String(refusal.retryAfterSeconds) },
      });
    case 'forbidden':
      return new ApiError('forbidden', wording.forbidden ?? 'forbidden');
    case 'wrong_key': {
      const spared = wording.wrongKeySpared === undefined ? '' : `; ${wording.wrongKeySpared}`;
      return new ApiError('wrong_key', `the key in this link does not match this secret${spared}`);
    }
    case 'wrong_passphrase':
      return new ApiError('wrong_passphrase', wrongPassphrase(refusal.attemptsLeft, refusal.counted), {
        attemptsLeft: refusal.attemptsLeft,
      });
    case 'not_deletable':
      return new ApiError('forbidden', 'the creator of this secret did not allow recipients to delete it');
    case 'no_files':
      return new ApiError('not_found', 'this push has no files');
    case 'finalized':
      return new ApiError('upload_finalized', 'the upload of this push was finalised; its files can no longer change');
    case 'incomplete':
      return new ApiError(
        'upload_incomplete',
        `${refusal.missing} of ${refusal.total} chunks are still missing; upload them, then finalise again`,
      );
    case 'sign_in_required':
      return new ApiError('sign_in_required', refusal.message, {
        headers: { 'WWW-Authenticate': 'Bearer realm="zkpush"' },
      });
    case 'forbidden_by_policy':
      return new ApiError('forbidden_by_policy', refusal.message);
    case 'token_invalid':
      return new ApiError('token_invalid', refusal.message, { headers: INVALID_TOKEN_CHALLENGE });
    case 'csrf_failed':
      return new ApiError('csrf_failed', refusal.message);
    case 'identity_header_refused':
      return new ApiError('identity_header_refused', refusal.message);
    case 'invalid_callback':
      return new ApiError('oidc_callback_invalid', refusal.message);
    case 'sign_in_unavailable':
      return new ApiError('sign_in_unavailable', refusal.message);
    case 'recipient_mismatch':
      return new ApiError(
        'recipient_mismatch',
        'this link may be opened only by the person its creator named; you are signed in as someone else (no view was used)',
      );
    case 'range_not_satisfiable':
      return new ApiError('range_not_satisfiable', `the range cannot be served from a blob of ${refusal.size} bytes`, {
        headers: { 'Content-Range': `bytes */${refusal.size}` },
      });
  }
}
