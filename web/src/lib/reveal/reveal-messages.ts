/**
 * Words for the reveal page (reveal/, reveal/files/ and the /s/[id] route): what its components say,
 * how a file's download ended, what the "Delete now" answer means, and the heading, explanation and
 * next step for every state that is not the happy path. Each state gets its own heading: a recipient
 * must be able to tell "someone opened this before you" (a sign the link leaked) from "your link is
 * broken" and from "you are offline". One object per component; every property reads the active
 * catalogue (web/messages/<locale>.json, keys `reveal_*`), so it follows the language picker.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import type { BurnOutcome, RevealState } from './reveal-state.ts';
import { m, t, texts } from '#lib/i18n/recipient.ts';
import { formatIn, formatNumber, formatSize, formatTimes } from '#lib/i18n/intl-format.ts';
import { formatExpiry, formatWallClock, secondsUntil, type FormatOptions } from '#lib/time-format.ts';
import type { Notice } from '#lib/ui/notice.ts';

/** The page's headings, shared by its components and the document title. */
export const revealHeadings = texts(
  {
    checking: 'reveal_heading_checking',
    receivedFiles: 'reveal_heading_received_files',
    receivedSecret: 'reveal_heading_received_secret',
    secret: 'reveal_heading_secret',
    files: 'reveal_heading_files',
  },
  {
    /** The document title: "<heading> — zkpush". */
    title: (heading: string): string => m().reveal_title({ heading }),
  },
);

/** The /s/[id] route itself: the loading card and what the live region says while it works. */
export const revealPageText = texts({
  nothingYet: 'reveal_nothing_yet',
  decrypting: 'reveal_decrypting',
  checkingPassphrase: 'reveal_checking_passphrase',
  notReady: 'reveal_not_ready',
});

export const revealPromptText = texts(
  {
    decryptedHere: 'reveal_decrypted_here',
    sharedComputer: 'reveal_shared_computer',
    decrypting: 'reveal_decrypting',
    revealFiles: 'reveal_reveal_files',
    revealSecret: 'reveal_reveal_secret',
  },
  {
    /** After filesSummary(): what a recipient of files sees before revealing. */
    filesIntro: (summary: string): string => m().reveal_files_intro({ summary }),
  },
);

export const passphrasePromptText = texts({
  protected: 'reveal_passphrase_protected',
  wrong: 'reveal_passphrase_wrong',
  label: 'reveal_passphrase_label',
  empty: 'reveal_passphrase_empty',
  checking: 'reveal_passphrase_checking',
  asking: 'reveal_passphrase_asking',
  decryptedHere: 'reveal_passphrase_decrypted_here',
});

export const revealedSecretText = texts({
  label: 'reveal_secret_label',
  copy: 'reveal_secret_copy',
  copyNow: 'reveal_secret_copy_now',
});

export const viewerDeleteText = texts({
  question: 'reveal_delete_question',
  deleting: 'reveal_delete_deleting',
  confirm: 'reveal_delete_confirm',
  keep: 'reveal_delete_keep',
  delete: 'reveal_delete_delete',
  help: 'reveal_delete_help',
});

export const revealedFilesText = texts({
  message: 'reveal_files_message',
  copyMessage: 'reveal_files_copy_message',
  damagedHeading: 'reveal_files_damaged_heading',
  damagedBody: 'reveal_files_damaged_body',
  files: 'reveal_files_files',
  checked: 'reveal_files_checked',
});

export const revealedFileRowText = texts({
  unknownType: 'reveal_file_unknown_type',
  downloadAgain: 'reveal_file_download_again',
  download: 'reveal_file_download',
  verified: 'reveal_file_verified',
  damaged: 'reveal_file_damaged',
});

export const downloadAllText = texts(
  {
    downloadAll: 'reveal_download_all',
    cancel: 'reveal_download_cancel',
    /** The bar's label (download-rows.ts summarize). */
    allDone: 'reveal_download_all_done',
  },
  {
    downloading: (percent: string): string => m().reveal_download_downloading({ percent }),
    someDone: (done: number, count: number): string =>
      m().reveal_download_some_done({ done: formatNumber(done), count: formatNumber(count) }),
    /** `bytes` already formatted. */
    idle: (count: number, bytes: string): string => m().reveal_download_idle({ count, size: bytes }),
  },
);

/** What the page says under a file after its download ended (download-outcome.ts outcomeText). */
export const downloadOutcomeText = texts(
  {
    corrupt: 'reveal_outcome_corrupt',
    gone: 'reveal_outcome_gone',
    denied: 'reveal_outcome_denied',
    network: 'reveal_outcome_network',
    cancelled: 'reveal_outcome_cancelled',
    unavailable: 'reveal_outcome_unavailable',
  },
  {
    failed: (reason: string): string => m().reveal_outcome_failed({ reason }),
  },
);

/** Why a download failed, as the middle of downloadOutcomeText.failed (lower case, no full stop). */
export const downloadFailure = {
  writeFailed: (detail: string): string => m().reveal_failure_write_failed({ detail }),
  decryptionStopped: (detail: string): string => m().reveal_failure_decryption_stopped({ detail }),
  refused: (code: string): string => m().reveal_failure_refused({ code }),
  badResponse: (status: number): string => m().reveal_failure_bad_response({ status }),
  streamStopped: (detail: string): string => m().reveal_failure_stream_stopped({ detail }),
  /** Sizes already formatted. */
  noWayToSave: (size: string, memoryMax: string): string => m().reveal_failure_no_way_to_save({ size, memoryMax }),
};

/** Why the reveal page could not go on (the `detail` of a server_error state, shown as "Details: …"). */
export const problemDetails = texts({
  noPassphraseSettings: 'reveal_detail_no_passphrase_settings',
  pageError: 'reveal_detail_page_error',
});

/** The answers to "Delete now" that keep the secret on screen (reveal-flow.ts burn). */
export const burnProblems = texts({
  noKey: 'reveal_burn_no_key',
  pageError: 'reveal_burn_page_error',
});

type ProblemState = Exclude<
  RevealState,
  {
    kind: 'loading' | 'ready' | 'revealing' | 'revealed' | 'revealed_files' | 'passphrase' | 'unlocking' | 'recipient';
  }
>;

export function noticeFor(state: ProblemState): Notice {
  switch (state.kind) {
    case 'incomplete':
      return {
        heading: t('reveal_incomplete_heading'),
        body: [t('reveal_incomplete_body_1'), t('reveal_incomplete_body_2')],
        tone: 'warning',
        action: 'create',
      };
    case 'opened':
      return {
        heading: t('reveal_opened_heading'),
        body: [t('reveal_opened_body_1'), t('reveal_opened_body_2')],
        tone: 'info',
        action: 'create',
      };
    case 'damaged':
      return damaged(state.cause);
    case 'kdf_failed':
      return {
        heading: t('reveal_kdf_failed_heading'),
        body: [t('reveal_kdf_failed_body_1'), t('reveal_kdf_failed_body_2')],
        tone: 'error',
        action: 'retry',
      };
    case 'deleted':
      return deleted(state.already);
    case 'gone':
      return gone(state.reason);
    case 'not_found':
      return {
        heading: t('reveal_not_found_heading'),
        body: [t('reveal_not_found_body_1'), t('reveal_not_found_body_2')],
        tone: 'warning',
        action: 'create',
      };
    case 'network':
      return {
        heading: t('reveal_network_heading'),
        body: [t('reveal_network_body')],
        tone: 'error',
        action: 'retry',
      };
    case 'server_error':
      return {
        heading: t('reveal_server_error_heading'),
        body: [t('reveal_try_again_moment'), m().reveal_details({ detail: state.detail })],
        tone: 'error',
        action: 'retry',
      };
    case 'not_ready':
      return {
        heading: t('reveal_not_ready_heading'),
        body: [t('reveal_not_ready_body'), t('reveal_try_again_moment')],
        tone: 'info',
        action: 'retry',
      };
    case 'rate_limited':
      return {
        heading: t('reveal_rate_limited_heading'),
        body: [
          state.retryAfter
            ? m().reveal_rate_limited_wait({ count: state.retryAfter })
            : t('reveal_rate_limited_minute'),
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
        heading: t('reveal_damaged_heading'),
        body: [t('reveal_bad_id_body'), t('reveal_ask_sender')],
        tone: 'warning',
        action: 'create',
      };
    case 'malformed_key':
      return {
        heading: t('reveal_damaged_heading'),
        body: [t('reveal_malformed_key_body'), m().reveal_no_view_used({ then: t('reveal_ask_sender') })],
        tone: 'warning',
        action: 'create',
      };
    case 'wrong_key':
      return {
        heading: t('reveal_wrong_key_heading'),
        body: [t('reveal_wrong_key_body'), m().reveal_no_view_used({ then: t('reveal_ask_sender') })],
        tone: 'warning',
        action: 'create',
      };
    case 'corrupt':
      return {
        heading: t('reveal_corrupt_heading'),
        body: [t('reveal_corrupt_body'), t('reveal_ask_new_link')],
        tone: 'error',
        action: 'create',
      };
    case 'bad_kdf':
      return {
        heading: t('reveal_bad_kdf_heading'),
        body: [t('reveal_bad_kdf_body_1'), t('reveal_bad_kdf_body_2')],
        tone: 'error',
        action: 'create',
      };
    case 'unsupported':
      return {
        heading: t('reveal_unsupported_heading'),
        body: [t('reveal_unsupported_body')],
        tone: 'warning',
        action: 'retry',
      };
  }
}

function gone(reason: Extract<RevealState, { kind: 'gone' }>['reason']): Notice {
  switch (reason) {
    case 'viewed':
      return {
        heading: t('reveal_viewed_heading'),
        body: [t('reveal_viewed_body_1'), t('reveal_viewed_body_2')],
        tone: 'warning',
        action: 'create',
      };
    case 'expired':
      return {
        heading: t('reveal_expired_heading'),
        body: [t('reveal_expired_body')],
        tone: 'info',
        action: 'create',
      };
    case 'deleted':
      // The server answers `deleted` for the creator's "expire now" and for a recipient's "Delete
      // now" alike (docs/api.md, burn), so the page must not claim which of the two it was.
      return {
        heading: t('reveal_deleted_heading'),
        body: [t('reveal_deleted_body_1'), t('reveal_deleted_body_2')],
        tone: 'info',
        action: 'create',
      };
    case 'locked':
      return {
        heading: t('reveal_locked_heading'),
        body: [t('reveal_locked_body_1'), t('reveal_locked_body_2')],
        tone: 'warning',
        action: 'create',
      };
    case undefined:
      return {
        heading: t('reveal_unavailable_heading'),
        body: [t('reveal_unavailable_body')],
        tone: 'info',
        action: 'create',
      };
  }
}

function deleted(already: Extract<RevealState, { kind: 'deleted' }>['already']): Notice {
  const ended =
    already === 'viewed'
      ? t('reveal_burned_already_viewed')
      : already === 'expired'
        ? t('reveal_burned_already_expired')
        : already
          ? t('reveal_burned_already_gone')
          : t('reveal_burned_done');
  return { heading: t('reveal_burned_heading'), body: [ended], tone: 'info', action: 'create' };
}

/** "Sat 22 Nov, 14:05 (in 4 hours)". */
function until(at: Date, now: Date, options: FormatOptions): string {
  return m().reveal_until({
    wallClock: formatWallClock(at, options),
    relative: formatIn(secondsUntil(at, now), options.locale),
  });
}

/** "5 attempts left — the secret is destroyed after that." */
export function attemptsLeftText(attemptsLeft: number): string {
  return m().reveal_attempts_left({ count: Math.max(1, attemptsLeft) });
}

/** The sentence under a revealed secret. */
export function remainingAfterReveal(
  viewsLeft: number,
  expiresAt: Date,
  now: Date,
  options: FormatOptions = {},
): string {
  if (viewsLeft <= 0) return t('reveal_last_view');
  if (expiresAt <= now) return t('reveal_now_expired');
  return m().reveal_views_left_until({ count: viewsLeft, until: until(expiresAt, now, options) });
}

/** "It holds 3 files, about 41 MiB in total." — the padded total: the server knows no more than that. */
export function filesSummary(files: { count: number; paddedBytes: number }): string {
  return m().reveal_files_summary({ count: files.count, size: formatSize(files.paddedBytes) });
}

/** After a file push was revealed: views left, and how long this reveal's downloads keep working. */
export function remainingAfterFilesReveal(
  viewsLeft: number,
  expiresAt: Date,
  downloadUntil: Date,
  now: Date,
  options: FormatOptions = {},
): string {
  if (downloadUntil <= now) return t('reveal_outcome_denied');
  const window = m().reveal_downloads_until({ until: until(downloadUntil, now, options) });
  if (viewsLeft <= 0) return m().reveal_files_last_view({ window });
  return m().reveal_files_more_views({ remaining: remainingAfterReveal(viewsLeft, expiresAt, now, options), window });
}

/** The sentence above the Reveal button. */
export function beforeReveal(viewsLeft: number, expiresAt: Date, now: Date, options: FormatOptions = {}): string {
  const uses = viewsLeft === 1 ? t('reveal_before_once') : m().reveal_before_more({ times: formatTimes(viewsLeft) });
  return m().reveal_before_expires({ uses, expiry: formatExpiry(expiresAt, now, options) });
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
        return { kind: 'problem', message: t('reveal_burn_forbidden') };
      case 'rate_limited':
        return { kind: 'problem', message: t('reveal_burn_rate_limited') };
      default:
        return { kind: 'problem', message: m().reveal_burn_failed({ code: result.code }) };
    }
  }
  if (result.kind === 'network') return { kind: 'problem', message: t('reveal_burn_network') };
  return { kind: 'problem', message: m().reveal_burn_bad_response({ status: result.status }) };
}
