/**
 * Exit codes (documented in docs/cli.md) and the mapping from API failures to a code and a message.
 * Scripts branch on the code; people read the message. Each situation a recipient must tell apart —
 * never existed, already opened, timed out, wrong key, offline — has its own code and its own words.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import type { GoneReason } from '@zkpush/shared/errors';

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
   * with it when it does not ask again (--no-retry, or no terminal to ask on; open-passphrase.ts); the
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
  /** Ctrl-C (SIGINT) during a transfer, cleaned up: 128 + 2, what shells report for it. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type Failure = { exit: ExitCode; message: string };

export type ApiFailure = Exclude<ApiResult<unknown>, { kind: 'ok' }>;

export const fail = (exit: ExitCode, message: string): Failure => ({ exit, message });

const GONE_MESSAGES: Readonly<Record<GoneReason, string>> = {
  viewed: 'already viewed: this secret was opened as many times as allowed and is deleted',
  expired: 'expired: this secret reached its expiry time and is deleted',
  deleted: 'deleted: the creator expired this secret',
  locked: 'locked: too many wrong passphrases; this secret is deleted',
};

export function goneMessage(reason: GoneReason | undefined): string {
  return reason ? GONE_MESSAGES[reason] : 'gone: this secret is no longer available';
}

/** `server` is the origin talked to (never a link: it has no fragment). */
export function failureFromApi(result: ApiFailure, server: string): Failure {
  switch (result.kind) {
    case 'network':
      return fail(EXIT.network, `cannot reach ${server}: ${result.message}`);
    case 'bad_response':
      return fail(EXIT.server, `unexpected response from ${server} (HTTP ${result.status}): ${result.message}`);
    case 'error':
      break;
  }
  switch (result.code) {
    case 'not_found':
      return fail(EXIT.notFound, 'not found: no secret with this id (it never existed, or was removed long ago)');
    case 'gone':
      return fail(EXIT.gone, goneMessage(result.reason));
    case 'wrong_key':
      return fail(EXIT.badKey, 'wrong key: the key in this link does not match the secret (no view was used)');
    case 'wrong_passphrase':
      return fail(EXIT.wrongPassphrase, 'wrong passphrase');
    case 'unauthorized':
      return fail(EXIT.unauthorized, 'the server wants a valid owner token');
    case 'forbidden':
      return fail(EXIT.unauthorized, 'wrong owner token: this token does not belong to this secret');
    case 'rate_limited': {
      const wait = result.retryAfter ? `wait ${result.retryAfter} seconds` : 'wait a minute';
      // The server's message says which limit (a request rate, or uploads this address still owes).
      const why = result.message ? ` (${result.message})` : '';
      return fail(EXIT.rateLimited, `rate limited by the server: ${wait} and try again${why}`);
    }
    case 'not_ready':
      return fail(
        EXIT.notReady,
        'not ready: the sender is still uploading the files of this push; try again later (no view was used)',
      );
    case 'invalid_request':
    case 'payload_too_large':
      return fail(EXIT.usage, `the server refused the request: ${result.message}`);
    case 'insufficient_storage':
      return fail(EXIT.server, `the server has no room for these files now: ${result.message}`);
    case 'storage_full':
      return fail(EXIT.server, `the server's disk is full; nothing was changed, try again later: ${result.message}`);
    // The upload and download code handles these itself (resume, lost answers, short blobs); one that
    // still reaches here means client and server disagree about the push.
    case 'upload_incomplete':
    case 'upload_finalized':
    case 'range_not_satisfiable':
      return fail(EXIT.server, `the server refused the transfer (${result.code}): ${result.message}`);
    case 'internal_error':
    case 'service_unavailable':
    case 'method_not_allowed':
    case 'unsupported_media_type':
      return fail(EXIT.server, `server error (HTTP ${result.status}, ${result.code}): ${result.message}`);
  }
}
