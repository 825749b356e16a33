/**
 * Words for the create page: the sentence under a new link, and what to say when the server
 * cannot be reached or refuses. Failures are told apart by the api-client's `kind` and the error
 * `code` (shared/src/errors.ts), never by message text.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import { formatTimes } from '@zkpush/shared/expiry';
import { formatExpiry, type FormatOptions } from '#lib/time-format.ts';

/**
 * "Opens once, then it's gone. Expires in 1 day (Sat 22 Nov, 14:05)." — plus, for a passphrase push,
 * the reminder that the passphrase must travel separately (in the same message it protects nothing).
 */
export function describeLink(
  views: number,
  expiresAt: Date,
  now: Date,
  options: FormatOptions & { passphrase?: boolean; files?: number } = {},
): string {
  const what = options.files === undefined ? '' : `Holds ${options.files} file${options.files === 1 ? '' : 's'}. `;
  const base = `${what}Opens ${formatTimes(views)}, then it's gone. Expires ${formatExpiry(expiresAt, now, options)}.`;
  return options.passphrase ? `${base} Needs the passphrase you set — send it through a different channel.` : base;
}

type Failure<T> = Exclude<ApiResult<T>, { kind: 'ok' }>;

export interface Problem {
  message: string;
  /** Whether pressing the button again could help. */
  retry: boolean;
}

function waitHint(seconds: number | undefined): string {
  return seconds ? `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.` : 'Try again in a minute.';
}

/** Explains a failed POST /api/v1/secrets (or config load). */
export function createProblem<T>(result: Failure<T>): Problem {
  switch (result.kind) {
    case 'network':
      return { message: "Can't reach the server — check your connection and try again.", retry: true };
    case 'bad_response':
      return {
        message: `The server sent an answer we don't understand (HTTP ${result.status}). Try again in a moment.`,
        retry: true,
      };
    case 'error':
      switch (result.code) {
        case 'payload_too_large':
          return { message: 'The secret is too large for this server. Shorten it and try again.', retry: false };
        case 'invalid_request':
          // The server's message names the field; it is safe to show (it never echoes the secret).
          return { message: `The server refused these options: ${result.message}`, retry: false };
        case 'rate_limited':
          return { message: `Too many secrets in a short time. ${waitHint(result.retryAfter)}`, retry: true };
        case 'service_unavailable':
          return { message: 'The server is busy or starting up. Try again in a moment.', retry: true };
        default:
          return {
            message: `Something went wrong on the server (${result.code}). Try again in a moment.`,
            retry: true,
          };
      }
  }
}

/**
 * After "Cancel upload" (files-create-flow.ts `cancelled`): nothing to say once the server confirmed
 * the half-sent push is gone; otherwise that it could not, and that it expires on its own anyway.
 */
export function cancelledUpload(expired: boolean): Problem | undefined {
  if (expired) return undefined;
  return {
    message: 'Cancelled. The server could not confirm it deleted what was sent; it expires on its own.',
    retry: false,
  };
}

type DeleteOutcome = { kind: 'deleted'; message: string } | { kind: 'problem'; message: string };

/** Explains the answer to DELETE /api/v1/secrets/:id (the "Delete it now" button). */
export function deleteOutcome(result: ApiResult<null>): DeleteOutcome {
  if (result.kind === 'ok') return { kind: 'deleted', message: 'Deleted. The link no longer opens anything.' };
  if (result.kind === 'error' && result.code === 'gone') {
    switch (result.reason) {
      case 'viewed':
        return { kind: 'deleted', message: 'Nothing left to delete: the secret was already viewed and destroyed.' };
      case 'expired':
        return { kind: 'deleted', message: 'Nothing left to delete: the secret had already expired.' };
      case 'locked':
        return {
          kind: 'deleted',
          message: 'Nothing left to delete: it was destroyed after too many wrong passphrases.',
        };
      default:
        return { kind: 'deleted', message: 'Nothing left to delete: the secret is already gone.' };
    }
  }
  if (result.kind === 'error' && result.code === 'not_found') {
    return { kind: 'deleted', message: 'Nothing left to delete: the secret no longer exists.' };
  }
  if (result.kind === 'error' && (result.code === 'forbidden' || result.code === 'unauthorized')) {
    return { kind: 'problem', message: "The server did not accept this browser's owner token for this secret." };
  }
  return { kind: 'problem', message: createProblem(result).message };
}
