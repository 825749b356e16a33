/**
 * Words for the reveal page (reveal/, reveal/files/ and the /s/[id] route): what its components say,
 * how a file's download ended, what the "Delete now" answer means, and the heading, explanation and
 * next step for every state that is not the happy path. Each state gets its own heading: a recipient
 * must be able to tell "someone opened this before you" (a sign the link leaked) from "your link is
 * broken" and from "you are offline". Plain strings and small functions, one object per component,
 * so the file can become a translation catalogue.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import { formatBytes } from '@zkpush/shared/byte-format';
import { formatRemaining, formatTimes } from '@zkpush/shared/expiry';
import type { BurnOutcome, RevealState } from './reveal-state.ts';
import { formatExpiry, formatWallClock, secondsUntil, type FormatOptions } from '#lib/time-format.ts';
import type { Notice } from '#lib/ui/notice.ts';

/** The page's headings, shared by its components and the document title. */
export const revealHeadings = {
  checking: 'Checking the link…',
  receivedFiles: "You've received files",
  receivedSecret: "You've received a secret",
  secret: "Here's your secret",
  files: 'Here are your files',
  /** The document title: "<heading> — zkpush". */
  title: (heading: string): string => `${heading} — zkpush`,
};

/** The /s/[id] route itself: the loading card and what the live region says while it works. */
export const revealPageText = {
  nothingYet: 'Nothing is revealed until you ask for it.',
  decrypting: 'Decrypting…',
  checkingPassphrase: 'Checking the passphrase…',
  notReady: 'The page is not ready yet.',
};

export const revealPromptText = {
  /** After filesSummary(): what a recipient of files sees before revealing. */
  filesIntro: (summary: string): string =>
    `${summary} Their names and exact sizes are encrypted; you see them after revealing.`,
  decryptedHere: 'It is decrypted here, in your browser. Make sure nobody is looking over your shoulder.',
  sharedComputer:
    'On a shared or public computer, open links like this one in a private window: browsers keep visited links in their history.',
  decrypting: 'Decrypting…',
  revealFiles: 'Reveal files',
  revealSecret: 'Reveal secret',
};

export const passphrasePromptText = {
  protected: 'It is protected by a passphrase. The sender should give it to you separately from the link.',
  wrong: 'Wrong passphrase.',
  label: 'Passphrase',
  empty: 'Enter the passphrase first.',
  checking: 'Checking the passphrase on this device…',
  asking: 'Asking the server…',
  decryptedHere:
    'It is decrypted here, in your browser; the passphrase never leaves this device. Make sure nobody is looking over your shoulder.',
};

export const revealedSecretText = {
  label: 'Secret',
  copy: 'Copy secret',
  copyNow: 'Copy it somewhere safe now: once you leave this page it cannot be shown again from here.',
};

export const viewerDeleteText = {
  question: 'Delete it for everyone? Copy it first if you still need it: it disappears from this page too.',
  deleting: 'Deleting…',
  confirm: 'Yes, delete it',
  keep: 'Keep it',
  delete: 'Delete now',
  help: 'Destroys it on the server, so the link stops working for anyone else.',
};

export const revealedFilesText = {
  message: 'Message',
  copyMessage: 'Copy message',
  damagedHeading: 'A file failed verification.',
  damagedBody:
    'It was damaged or tampered with, on the way or on the server. Its download was stopped: do not trust or open anything that was saved of it.',
  files: 'Files',
  checked:
    'Each file is decrypted on this device and checked as it downloads. A file that fails the check is stopped and marked as damaged, never saved as complete.',
};

export const revealedFileRowText = {
  unknownType: 'unknown type',
  downloadAgain: 'Download again',
  download: 'Download',
  verified: 'Downloaded and verified.',
  damaged: 'Damaged file — not saved as complete.',
};

export const downloadAllText = {
  downloadAll: 'Download all',
  cancel: 'Cancel',
  /** The bar's label (download-rows.ts summarize). */
  allDone: 'All files downloaded',
  downloading: (percent: string): string => `Downloading · ${percent}`,
  someDone: (done: number, count: number): string => `${done} of ${count} files downloaded`,
  /** `bytes` already formatted. */
  idle: (count: number, bytes: string): string => `${count} file${count === 1 ? '' : 's'} · ${bytes}`,
};

/** What the page says under a file after its download ended (download-outcome.ts outcomeText). */
export const downloadOutcomeText = {
  corrupt:
    'This file failed verification: it was damaged or tampered with on the way or on the server. The download was stopped and must not be trusted — delete anything that was saved.',
  gone: 'The files are no longer on the server: the link was deleted or its files were removed.',
  denied: 'The download window for this reveal has closed. The files can no longer be downloaded from this page.',
  network: 'The connection was lost and did not come back. Press Download to try again.',
  cancelled: 'Download cancelled.',
  failed: (reason: string): string => `The download failed: ${reason}. Press Download to try again.`,
  unavailable: 'This browser could not save the file. Try another browser.',
};

/** Why a download failed, as the middle of downloadOutcomeText.failed (lower case, no full stop). */
export const downloadFailure = {
  writeFailed: (detail: string): string => `the file could not be written (${detail})`,
  decryptionStopped: (detail: string): string => `decryption stopped (${detail})`,
  refused: (code: string): string => `the server refused (${code})`,
  badResponse: (status: number): string => `the server sent an unexpected answer (HTTP ${status})`,
  streamStopped: (detail: string): string => `the download stream stopped (${detail})`,
  /** Sizes already formatted. */
  noWayToSave: (size: string, memoryMax: string): string =>
    `this browser offers no way to save a file of ${size} from a web page (it needs service workers or the File System Access API, so https and a current browser); files up to ${memoryMax} still work`,
};

/** Why the reveal page could not go on (the `detail` of a server_error state, shown as "Details: …"). */
export const problemDetails = {
  noPassphraseSettings: 'no passphrase settings loaded',
  pageError: 'unexpected error in the page',
};

/** The answers to "Delete now" that keep the secret on screen (reveal-flow.ts burn). */
export const burnProblems = {
  noKey: 'This link has no usable key.',
  pageError: 'Unexpected error in the page. Reload and try again.',
};

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
          'Chat apps and email sometimes cut links off there. Copy the whole link, or ask the sender to send it again. If you reloaded this page, open the original link again: the page removes the key from the address bar as soon as it has read it.',
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

/** After POST /secrets/:id/burn ("Delete now"); a failure keeps the secret on screen with a message. */
export function afterBurn(result: ApiResult<null>): BurnOutcome {
  if (result.kind === 'ok') return { kind: 'deleted', state: { kind: 'deleted', already: undefined } };
  if (result.kind === 'error') {
    switch (result.code) {
      case 'gone':
        return { kind: 'deleted', state: { kind: 'deleted', already: result.reason ?? 'deleted' } };
      case 'not_found':
        return { kind: 'deleted', state: { kind: 'deleted', already: 'deleted' } };
      case 'forbidden':
        return { kind: 'problem', message: 'The sender did not allow recipients to delete this secret.' };
      case 'rate_limited':
        return { kind: 'problem', message: 'The server is limiting requests. Wait a moment, then try again.' };
      default:
        return { kind: 'problem', message: `The server could not delete it (${result.code}). Try again.` };
    }
  }
  if (result.kind === 'network') return { kind: 'problem', message: "Can't reach the server — check your connection." };
  return { kind: 'problem', message: `The server sent an answer we don't understand (HTTP ${result.status}).` };
}
