/**
 * What the runtime says: the words for each way a request can fail (the server's error codes, a lost
 * connection) and for a push that is gone, in one place to be translated later. Each situation a
 * recipient must tell apart has its own words (exit-codes.ts gives each its own exit code).
 */
import type { GoneReason } from '@zkpush/shared/errors';

export const runtimeMessages = {
  gone: {
    viewed: 'already viewed: this secret was opened as many times as allowed and is deleted',
    expired: 'expired: this secret reached its expiry time and is deleted',
    deleted: 'deleted: the creator expired this secret',
    locked: 'locked: too many wrong passphrases; this secret is deleted',
  } satisfies Readonly<Record<GoneReason, string>>,
  goneWithoutReason: 'gone: this secret is no longer available',

  /** `server` is an origin, never a link. */
  unreachable: (server: string, why: string): string => `cannot reach ${server}: ${why}`,
  badResponse: (server: string, status: number, why: string): string =>
    `unexpected response from ${server} (HTTP ${status}): ${why}`,
  notFound: 'not found: no secret with this id (it never existed, or was removed long ago)',
  wrongKey: 'wrong key: the key in this link does not match the secret (no view was used)',
  wrongPassphrase: 'wrong passphrase',
  unauthorized: 'the server wants a valid owner token',
  forbidden: 'wrong owner token: this token does not belong to this secret',
  creationDisabled: (server: string): string =>
    `${server} only opens links: creating pushes is turned off there. Push to your organisation's main zkpush server instead.`,
  signInRequired:
    "this server lets only signed-in people or API tokens create pushes: pass --token-file FILE or set ZKPUSH_TOKEN (create one on the server's Tokens page)",
  /** `why`: the server's message (unknown, expired, revoked, or the scope it lacks); never the token. */
  tokenInvalid: (why: string): string => `the API token was refused: ${why}`,
  forbiddenByPolicy: (why: string): string => `the server's policy does not allow this: ${why}`,
  recipientMismatch:
    'this link may be opened only by a person its creator named, signed in to the server in a browser; open it there (no view was used)',
  waitSeconds: (seconds: number): string => `wait ${seconds} seconds`,
  waitAMinute: 'wait a minute',
  /** `wait`: waitSeconds or waitAMinute; `why`: the server's message, if any. */
  rateLimited: (wait: string, why: string | undefined): string =>
    `rate limited by the server: ${wait} and try again${why ? ` (${why})` : ''}`,
  notReady: 'not ready: the sender is still uploading the files of this push; try again later (no view was used)',
  refused: (why: string): string => `the server refused the request: ${why}`,
  misdirected: (server: string): string =>
    `${server} does not answer to that host name; use the address its operator publishes`,
  diskFull: (why: string): string => `the server's disk is full; nothing was changed, try again later: ${why}`,
  noRoom: (why: string): string => `the server has no room for these files now: ${why}`,
  transferRefused: (code: string, why: string): string => `the server refused the transfer (${code}): ${why}`,
  serverError: (status: number, code: string, why: string): string => `server error (HTTP ${status}, ${code}): ${why}`,

  /** Node's network error codes in words a person can act on. */
  network: {
    ECONNREFUSED: 'connection refused (is the server running?)',
    ECONNRESET: 'connection reset',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'DNS lookup failed',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ETIMEDOUT: 'connection timed out',
    UND_ERR_SOCKET: 'connection closed by the server',
    DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
    SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
    UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
    CERT_HAS_EXPIRED: 'TLS certificate expired',
    ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate is for another host name',
  } satisfies Readonly<Record<string, string>>,
  /** What stands in for a key cut out of a line before it is printed (report.ts). */
  keyRemoved: '#<key removed>',
  noAnswerWithin: (seconds: number): string => `no answer within ${seconds} seconds`,
  requestFailed: 'request failed',
} as const;
