/**
 * Heading, explanation and next step for every reveal-page state that is not the happy path.
 * Each state gets its own heading: a recipient must be able to tell "someone opened this before
 * you" (a sign the link leaked) from "your link is broken" and from "you are offline".
 */
import { formatBytes } from '@zkpush/shared/byte-format';
import { formatRemaining, formatTimes } from '@zkpush/shared/expiry';
import type { RevealState } from './reveal-state.ts';
import { formatExpiry, formatWallClock, secondsUntil, type FormatOptions } from '#lib/time-format.ts';
import type { Notice } from '#lib/ui/notice.ts';

type ProblemState = Exclude<
  RevealState,
  { kind: 'loading' | 'ready' | 'revealing' | 'revealed' | 'revealed_files' | 'passphrase' | 'unlocking' }
>;

const ASK_SENDER = 'Ask the sender to send the link again.';

export function noticeFor(state: ProblemState): Notice {
  switch (state.kind) {
    case 'incomplete':
      return {
        heading: 'This link is incomplete',
        body: [
          'The part after the # is missing. That part is the key that unlocks the secret — it never reaches our server, so we cannot fill it in.',
          'Chat apps and email sometimes cut links off there. Copy the whole link, or ask the sender to send it again. If you already revealed the secret on this page, the key was removed from the address bar for safety.',
        ],
        tone: 'warning',
        action: 'create',
      };
    case 'damaged':
      return damaged(state.cause);
    case 'kdf_failed':
      return {
        heading: "Your browser couldn't check the passphrase",
        body: [
          'Turning the passphrase into a key takes tens of megabytes of memory and a background task, and this browser stopped it. Nothing was sent, and no attempt was used.',
          'Close other tabs and try again, or open the link on another device.',
        ],
        tone: 'error',
        action: 'retry',
      };
    case 'deleted':
      return deleted(state.already);
    case 'gone':
      return gone(state.reason);
    case 'not_found':
      return {
        heading: 'Secret not found',
        body: [
          'There is no secret at this address. It may never have existed, or it was removed a long time ago.',
          'Check that you opened the complete link.',
        ],
        tone: 'warning',
        action: 'create',
      };
    case 'network':
      return {
        heading: "Can't reach the server",
        body: ['Check your connection and try again. Nothing has been revealed.'],
        tone: 'error',
        action: 'retry',
      };
    case 'server_error':
      return {
        heading: 'Something went wrong on the server',
        body: ['Try again in a moment.', `Details: ${state.detail}.`],
        tone: 'error',
        action: 'retry',
      };
    case 'not_ready':
      return {
        heading: 'The files are still being uploaded',
        body: [
          "The sender's browser has not finished uploading them yet. Nothing has been revealed and no view was used.",
          'Try again in a moment.',
        ],
        tone: 'info',
        action: 'retry',
      };
    case 'rate_limited':
      return {
        heading: 'Too many attempts',
        body: [
          state.retryAfter
            ? `The server is limiting requests. Wait ${state.retryAfter} second${state.retryAfter === 1 ? '' : 's'}, then try again.`
            : 'The server is limiting requests. Wait a minute, then try again.',
        ],
        tone: 'warning',
        action: 'retry',
      };
  }
}

function damaged(cause: Extract<RevealState, { kind: 'damaged' }>['cause']): Notice {
  switch (cause) {
    case 'bad_id':
      return {
        heading: 'This link is damaged',
        body: [
          'The address does not point to a valid secret — part of it may have been lost when it was copied.',
          ASK_SENDER,
        ],
        tone: 'warning',
        action: 'create',
      };
    case 'malformed_key':
      return {
        heading: 'This link is damaged',
        body: [
          'The part after the # is not a valid key. It may have been cut short or changed when it was copied.',
          `No view was used. ${ASK_SENDER}`,
        ],
        tone: 'warning',
        action: 'create',
      };
    case 'wrong_key':
      return {
        heading: "This link's key doesn't match",
        body: [
          'The key in the link does not belong to this secret, so the server refused to release it. The link was probably altered when it was copied.',
          `No view was used. ${ASK_SENDER}`,
        ],
        tone: 'warning',
        action: 'create',
      };
    case 'corrupt':
      return {
        heading: "The secret couldn't be decrypted",
        body: [
          'The server released the secret, but it does not decrypt with the key in your link: the stored data is damaged. This view has been used.',
          'Ask the sender to create a new link.',
        ],
        tone: 'error',
        action: 'create',
      };
    case 'bad_kdf':
      return {
        heading: "This link's security parameters are invalid",
        body: [
          'The server returned passphrase settings outside the range this app accepts — too weak to protect the passphrase, or so costly they could freeze your browser. Nothing was tried and no attempt was used.',
          'The server may be misconfigured or tampered with. Ask the sender to create a new link.',
        ],
        tone: 'error',
        action: 'create',
      };
    case 'unsupported':
      return {
        heading: 'This secret needs a newer version',
        body: ['It was created with a newer version of zkpush. Reload the page to update, then try again.'],
        tone: 'warning',
        action: 'retry',
      };
  }
}

function gone(reason: Extract<RevealState, { kind: 'gone' }>['reason']): Notice {
  switch (reason) {
    case 'viewed':
      return {
        heading: 'This secret has already been viewed',
        body: [
          'It could only be opened a limited number of times, and it has been destroyed on the server.',
          "If you didn't open it yourself, someone else may have — tell the sender, and change the secret if it was a password.",
        ],
        tone: 'warning',
        action: 'create',
      };
    case 'expired':
      return {
        heading: 'This secret has expired',
        body: ['Nobody opened it in time, so it was deleted. Ask the sender to create a new link.'],
        tone: 'info',
        action: 'create',
      };
    case 'deleted':
      // The server answers `deleted` for the creator's "expire now" and for a recipient's "Delete
      // now" alike (docs/api.md, burn), so the page must not claim which of the two it was.
      return {
        heading: 'This secret was deleted',
        body: [
          'It was destroyed on the server before you opened it: by the sender, or by a recipient who had already read it (if the sender allowed that).',
          'Ask the sender if you still need it.',
        ],
        tone: 'info',
        action: 'create',
      };
    case 'locked':
      return {
        heading: 'Destroyed after too many wrong passphrases',
        body: [
          'The passphrase was entered wrongly too many times, so the server destroyed the secret. Nobody can open it now.',
          "If you didn't make those attempts, someone else has the link: tell the sender, and change the secret if it was a password.",
        ],
        tone: 'warning',
        action: 'create',
      };
    case undefined:
      return {
        heading: 'This secret is no longer available',
        body: ['It has been viewed, has expired or was deleted. Ask the sender for a new link.'],
        tone: 'info',
        action: 'create',
      };
  }
}

function deleted(already: Extract<RevealState, { kind: 'deleted' }>['already']): Notice {
  const ended =
    already === 'viewed'
      ? 'It had already been viewed for the last time, so there was nothing left to delete.'
      : already === 'expired'
        ? 'It had already expired, so there was nothing left to delete.'
        : already
          ? 'It was already gone from the server.'
          : 'The secret has been destroyed on the server. The link no longer opens anything, for you or anyone else.';
  return { heading: 'Deleted', body: [ended], tone: 'info', action: 'create' };
}

/** "5 attempts left — the secret is destroyed after that." */
export function attemptsLeftText(attemptsLeft: number): string {
  if (attemptsLeft <= 1) return '1 attempt left — a wrong passphrase now destroys the secret.';
  return `${attemptsLeft} attempts left — the secret is destroyed after that.`;
}

/** The sentence under a revealed secret. */
export function remainingAfterReveal(
  viewsLeft: number,
  expiresAt: Date,
  now: Date,
  options: FormatOptions = {},
): string {
  if (viewsLeft <= 0) return 'This was the last view — the secret has been destroyed on the server.';
  const more = viewsLeft === 1 ? '1 more view' : `${viewsLeft} more views`;
  const until = `${formatWallClock(expiresAt, options)} (in ${formatRemaining(secondsUntil(expiresAt, now))})`;
  return `${more} allowed until ${until}. Anyone with the link can use them.`;
}

/** "It holds 3 files, about 41 MiB in total." — the padded total: the server knows no more than that. */
export function filesSummary(files: { count: number; paddedBytes: number }): string {
  const what = files.count === 1 ? 'It holds 1 file' : `It holds ${files.count} files`;
  return `${what}, about ${formatBytes(files.paddedBytes)}${files.count === 1 ? '' : ' in total'}.`;
}

/** After a file push was revealed: views left, and how long this reveal's downloads keep working. */
export function remainingAfterFilesReveal(
  viewsLeft: number,
  expiresAt: Date,
  downloadUntil: Date,
  now: Date,
  options: FormatOptions = {},
): string {
  const window = `Your downloads work until ${formatWallClock(downloadUntil, options)} (in ${formatRemaining(secondsUntil(downloadUntil, now))})`;
  if (viewsLeft <= 0) return `This was the last view. ${window}; then the files are deleted from the server.`;
  return `${remainingAfterReveal(viewsLeft, expiresAt, now, options)} ${window}.`;
}

/** The sentence above the Reveal button. */
export function beforeReveal(viewsLeft: number, expiresAt: Date, now: Date, options: FormatOptions = {}): string {
  const uses =
    viewsLeft === 1
      ? 'It can be viewed once: after you reveal it, it is destroyed on the server.'
      : `It can be viewed ${formatTimes(viewsLeft)} more; revealing it uses one view.`;
  return `${uses} It expires ${formatExpiry(expiresAt, now, options)}.`;
}
