/**
 * Exit codes (documented in docs/cli.md) and the mapping from API failures to a code and a message.
 * Scripts branch on the code; people read the message. Each situation a recipient must tell apart —
 * never existed, already opened, timed out, wrong key, offline — has its own code and its own words.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import type { GoneReason } from '@zkpush/shared/errors';
import { runtimeMessages as m } from './messages.ts';

export const EXIT = {
  ok: 0,
  /** Anything not listed below (a local file that cannot be written, an internal error). */
  other: 1,
  /** Bad arguments or options, including values outside the server's limits. */
  usage: 2,
  notFound: 3,
  /** Already viewed, expired, deleted by its creator, or locked. */
  gone: 4,
  /** The link's key does not match, or the link or the data is damaged. */
  badKey: 5,
  /**
   * The server refused the passphrase: no view was used, one of the push's attempts was. `open` exits
   * with it when it does not ask again (--no-retry, or no terminal to ask on; commands/open/passphrase.ts); the
   * wrong passphrase that uses the last attempt destroys the push and exits `gone` instead.
   */
  wrongPassphrase: 6,
  network: 7,
  /** The server failed (5xx) or answered something this client does not understand. */
  server: 8,
  rateLimited: 9,
  /** The owner token is missing, malformed or wrong. */
  unauthorized: 10,
  /** A file push whose sender is still uploading: nothing was used; try again later. */
  notReady: 11,
  /**
   * Signing in or an API token is needed, the token is unknown, expired, revoked or lacks the scope, or
   * the server's policy refuses this user (ZKPUSH_CREATE_POLICY and its role limits).
   */
  signInRequired: 12,
  /** Ctrl-C (SIGINT) during a transfer, cleaned up: 128 + 2, what shells report for it. */
  interrupted: 130,
} as const;

type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type Failure = { exit: ExitCode; message: string };

export type ApiFailure = Exclude<ApiResult<unknown>, { kind: 'ok' }>;

export const fail = (exit: ExitCode, message: string): Failure => ({ exit, message });

export function goneMessage(reason: GoneReason | undefined): string {
  return reason ? m.gone[reason] : m.goneWithoutReason;
}

/** `server` is the origin talked to (never a link: it has no fragment). */
export function failureFromApi(result: ApiFailure, server: string): Failure {
  switch (result.kind) {
    case 'network':
      return fail(EXIT.network, m.unreachable(server, result.message));
    case 'bad_response':
      return fail(EXIT.server, m.badResponse(server, result.status, result.message));
    case 'error':
      break;
  }
  switch (result.code) {
    case 'not_found':
      return fail(EXIT.notFound, m.notFound);
    case 'gone':
      return fail(EXIT.gone, goneMessage(result.reason));
    case 'wrong_key':
      return fail(EXIT.badKey, m.wrongKey);
    case 'wrong_passphrase':
      return fail(EXIT.wrongPassphrase, m.wrongPassphrase);
    case 'unauthorized':
      return fail(EXIT.unauthorized, m.unauthorized);
    case 'forbidden':
      return fail(EXIT.unauthorized, m.forbidden);
    case 'creation_disabled':
      return fail(EXIT.unauthorized, m.creationDisabled(server));
    case 'sign_in_required':
      return fail(EXIT.signInRequired, m.signInRequired);
    case 'token_invalid':
      return fail(EXIT.signInRequired, m.tokenInvalid(result.message));
    case 'forbidden_by_policy':
      return fail(EXIT.signInRequired, m.forbiddenByPolicy(result.message));
    // A recipient-bound link (issue 12 §5) is opened with a browser session, never by the CLI's token.
    case 'recipient_mismatch':
      return fail(EXIT.signInRequired, m.recipientMismatch);
    // Browser-only refusals: a CLI request never carries a session cookie, an identity header or a callback.
    case 'csrf_failed':
    case 'identity_header_refused':
    case 'oidc_callback_invalid':
      return fail(EXIT.usage, m.refused(result.message));
    case 'sign_in_unavailable':
      return fail(EXIT.server, m.serverError(result.status, result.code, result.message));
    case 'rate_limited': {
      const wait = result.retryAfter ? m.waitSeconds(result.retryAfter) : m.waitAMinute;
      // The server's message says which limit (a request rate, or uploads this address still owes).
      return fail(EXIT.rateLimited, m.rateLimited(wait, result.message));
    }
    case 'not_ready':
      return fail(EXIT.notReady, m.notReady);
    case 'invalid_request':
    case 'payload_too_large':
      return fail(EXIT.usage, m.refused(result.message));
    case 'misdirected_request':
      return fail(EXIT.usage, m.misdirected(server));
    case 'insufficient_storage':
      return fail(EXIT.server, m.noRoom(result.message));
    case 'storage_full':
      return fail(EXIT.server, m.diskFull(result.message));
    // The upload and download code handles these itself (resume, lost answers, short blobs); one that
    // still reaches here means client and server disagree about the push.
    case 'upload_incomplete':
    case 'upload_finalized':
    case 'range_not_satisfiable':
      return fail(EXIT.server, m.transferRefused(result.code, result.message));
    case 'internal_error':
    case 'service_unavailable':
    case 'method_not_allowed':
    case 'unsupported_media_type':
      return fail(EXIT.server, m.serverError(result.status, result.code, result.message));
  }
}
