/**
 * Words for the create page (create/, create/files/, create/passphrase/ and the / route): what its
 * components say, the form's and the file picker's errors, the sentence under a new link, and what to
 * say when the server cannot be reached or refuses. Failures are told apart by the api-client's
 * `kind` and the error `code` (shared/src/errors.ts), never by message text. Plain strings and small
 * functions, one object per component, so the file can become a translation catalogue.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import { formatBytes } from '@zkpush/shared/byte-format';
import { formatDuration, formatTimes } from '@zkpush/shared/expiry';
import type { UploadResult } from '@zkpush/shared/upload';
import { formatExpiry, type FormatOptions } from '#lib/time-format.ts';

/** The / route around the form. */
export const createPageText = {
  title: 'zkpush — share a secret',
  heading: 'Share a secret',
  lede: 'Paste a password, an API key or a note. You get a link that stops working after it has been viewed or when it expires.',
  settingsFailed: "Can't load the settings",
  retry: 'Try again',
  loading: 'Loading…',
};

export const modeSwitchText = {
  legend: 'What to share',
  text: 'Text',
  files: 'Files',
};

export const secretFieldText = {
  label: 'Secret',
  monospace: 'Monospace',
  placeholder: 'Password, API key, note…',
  /** `size` and `maxSize` already formatted as numbers. */
  count: (size: string, maxSize: string): string => `${size} / ${maxSize} characters`,
  wideCharacters: 'Line breaks, quotes, accents and emoji count as 2–4.',
};

export const filesAndMessageText = {
  messageLabel: 'Message',
  optional: '(optional)',
  messagePlaceholder: 'A note for the recipient, encrypted with the files',
};

export const filePickerText = {
  label: 'Files',
  drop: 'Drop files here, or',
  choose: 'Choose files…',
  chooseInput: 'Choose files',
  help: (maxFiles: number, maxFileBytes: number): string =>
    `Up to ${maxFiles} files, ${formatBytes(maxFileBytes)} each. Names, types and exact sizes are encrypted with the files; the server sees only a rounded size.`,
  chosen: 'Chosen files',
  remove: (name: string): string => `Remove ${name}`,
  summary: (count: number, maxFiles: number, totalBytes: number): string =>
    `${count} of ${maxFiles} file${maxFiles === 1 ? '' : 's'} · ${formatBytes(totalBytes)} in total`,
};

export const newPassphraseText = {
  label: 'Passphrase',
  optional: '(optional)',
  help: (maxAttempts: number): string =>
    `The recipient needs it as well as the link. It never leaves this device; the server only counts wrong tries and destroys the secret after ${maxAttempts}.`,
};

export const strengthHintText = {
  /** From the weakest level to the strongest (passphrase-strength.ts levels 0–4). */
  levels: ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'],
  heading: (label: string): string => `Strength hint: ${label}`,
  bits: (bits: number): string =>
    `(about ${bits} bits — a rough estimate from length and character types, made on this device)`,
  common: 'It is one of the most common passwords.',
  commonVariant: 'It is a common password with a few characters added.',
  repetitive: 'Repeats and runs (aaa, 1234, abcabc) add little.',
  short: 'Length helps most: several unrelated words make a strong passphrase.',
} as const;

export const viewsExpiryText = {
  viewsLegend: 'Views allowed',
  viewsCustom: (min: number, max: number): string => `Number of views (${min}–${max})`,
  expiryLegend: 'Expires after',
  expiryCustom: 'Custom expiry',
  unit: 'Unit',
  minutes: 'minutes',
  hours: 'hours',
  days: 'days',
};

/** The per-push switches under "Options" (lifecycle-options.ts) and the dashboard label. */
export const pushOptionsText = {
  summary: 'Options',
  setByServer: (on: boolean): string => `Set by this server (${on ? 'on' : 'off'}).`,
  retrievalStepLabel: 'Require a click to reveal',
  retrievalStepHelp:
    'Chat apps and mail scanners open links to build previews; without this step such a preview would use up a view.',
  deletableByViewerLabel: 'Let the recipient delete it',
  deletableByViewerHelp: 'After reading, the recipient can destroy the secret for everyone with a "Delete now" button.',
  label: 'Label',
  labelOptional: '(only for your dashboard)',
  labelPlaceholder: 'e.g. prod DB for Alice',
  labelHelp: 'Kept in this browser only, to recognise the link on your dashboard. It is never sent to the server.',
};

export const submitRowText = {
  resume: 'Resume upload',
  discard: 'Discard',
  securingPassphrase: 'Securing the passphrase…',
  encrypting: 'Encrypting…',
  create: 'Create link',
  encryptNote: 'Encrypted on this device before it is sent.',
};

export const uploadProgressText = {
  cancelling: 'Cancelling and deleting what was sent…',
  reconnecting: 'Connection lost — trying again…',
  finishing: 'Finishing…',
  uploading: 'Encrypting and uploading',
  perFile: 'Progress per file',
  sent: 'Sent',
  cancellingButton: 'Cancelling…',
  cancel: 'Cancel upload',
};

export const linkResultText = {
  heading: 'Your link is ready',
  link: 'Link',
  copy: 'Copy link',
  anyone:
    'Anyone with this link can open the secret, so send it over a channel you trust. The key is the part after the #: it is not stored anywhere but in this link.',
  /** Around the link to the dashboard: before it, its text, after it. */
  addedBefore: 'Added to your',
  addedLink: 'dashboard',
  addedAfter:
    ', where you can follow its views and expire it. The dashboard keeps only an id and a management token — not the link — so copy the link now: it cannot be shown again.',
  notAdded:
    "This browser's storage is unavailable, so the link was not added to your dashboard. Copy the link now: it cannot be shown again.",
  another: 'Create another',
  deleting: 'Deleting…',
  delete: 'Delete it now',
};

/** The create form's field errors (create-form.ts). */
export const formErrors = {
  passphraseTooLong: (max: number): string =>
    `The passphrase can be at most ${max.toLocaleString('en-GB')} characters.`,
  passphraseIsSecret: 'The passphrase must not be the secret itself.',
  labelTooLong: (max: number): string => `A label can be at most ${max} characters.`,
  viewsNotWhole: 'Enter a whole number of views.',
  viewsOutOfRange: (min: number, max: number): string => `Views must be between ${min} and ${max}.`,
  expiryNotWhole: (unit: string): string => `Enter a whole number of ${unit}.`,
  expiryOutOfRange: (min: number, max: number): string =>
    `Expiry must be between ${formatDuration(min)} and ${formatDuration(max)}.`,
  textEmpty: 'Type or paste the secret first.',
  textTooLong: (over: number): string =>
    `The secret is too long by ${over.toLocaleString('en-GB')} character${over === 1 ? '' : 's'}.`,
};

/** Why chosen files do not fit this server (file-selection.ts). */
export const fileErrors = {
  fileTooLarge: (maxFileBytes: number): string => `Larger than this server's limit of ${formatBytes(maxFileBytes)}.`,
  nameLength: (max: number): string => `Its name must be 1–${max.toLocaleString('en-GB')} characters long.`,
  none: 'Choose at least one file.',
  tooMany: (maxFiles: number, over: number): string => `At most ${maxFiles} files fit in one link: remove ${over}.`,
  tooLargeTogether: (maxPushBytes: number): string =>
    `Together these files are larger than this server's limit of ${formatBytes(maxPushBytes)} per link.`,
  manifestTooLong: 'The file names and the message are too long for this server. Shorten the message.',
};

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
        case 'sign_in_required':
          return { message: 'This server lets only signed-in people create secrets. Sign in first.', retry: false };
        case 'forbidden_by_policy':
          // The server's message says which rule (files for admins only, a shorter expiry); it quotes no secret.
          return { message: `This server's rules do not allow this: ${result.message}`, retry: false };
        case 'csrf_failed':
          return { message: 'Your sign-in changed in another tab. Reload the page and try again.', retry: false };
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

/** A text push the server refused as too large (create-flow.ts). */
export const TOO_LARGE: Problem = {
  message: 'The secret is too large for this server. Shorten it and try again.',
  retry: false,
};

/** A file push the server did not open an upload for (files-create-flow.ts). */
export const NO_UPLOAD = 'The server did not open an upload for these files (is it an older zkpush?).';

/** The connection stayed down during a file upload; what was sent waits on the server. */
export const UPLOAD_INTERRUPTED: Problem = {
  message: "The connection to the server was lost. What was sent is kept for a while: resume when you're back online.",
  retry: true,
};

/** Words for an upload that ended in a refusal or a local failure (never echoing file contents). */
export function uploadProblem(result: Exclude<UploadResult, { kind: 'ok' | 'cancelled' | 'network' }>): Problem {
  switch (result.kind) {
    case 'read_failed':
      return {
        message: `File ${result.file + 1} could not be read. Was it moved, deleted or changed while uploading? Choose it again and retry.`,
        retry: true,
      };
    case 'seal_failed':
      return { message: 'The encryption in this browser stopped. Reload the page and try again.', retry: true };
    case 'bad_response':
      return { message: `The server sent an answer we don't understand (HTTP ${result.status}).`, retry: true };
    case 'error':
      switch (result.code) {
        case 'insufficient_storage':
          return { message: 'The server has run out of space for files. Try again later or send less.', retry: true };
        case 'gone':
        case 'not_found':
          return { message: 'The link was deleted or expired before the upload finished.', retry: true };
        case 'unauthorized':
        case 'forbidden':
          return {
            message: 'The server no longer accepts this upload (it may have waited too long). Start again.',
            retry: true,
          };
        default:
          return { message: `The server refused the upload (${result.code}). Try again.`, retry: true };
      }
  }
}

/** Explains a refused POST /api/v1/secrets for a file push: the file-specific refusals, else createProblem's. */
export function filesCreateProblem<T>(result: Failure<T>): Problem {
  if (result.kind === 'error' && result.code === 'insufficient_storage') {
    return { message: 'The server has no space for these files right now. Try again later or send less.', retry: true };
  }
  if (result.kind === 'error' && result.code === 'payload_too_large') {
    return { message: 'These files are too large for this server.', retry: false };
  }
  if (result.kind === 'error' && result.code === 'forbidden') {
    return { message: 'This server does not accept files.', retry: false };
  }
  if (result.kind === 'error' && result.code === 'rate_limited' && result.limit === 'pending_uploads') {
    // Not "too many requests": this address has started uploads it has not finished (docs/api.md).
    return {
      message:
        'Uploads started from your address have not finished yet, and this push would go over what the server ' +
        'holds for one sender. Let those uploads finish, or delete them from the dashboard, then try again.',
      retry: true,
    };
  }
  return createProblem(result);
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
