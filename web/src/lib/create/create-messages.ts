/**
 * Words for the create page (create/, create/files/, create/passphrase/ and the / route): what its
 * components say, the form's and the file picker's errors, the sentence under a new link, and what to
 * say when the server cannot be reached or refuses. Failures are told apart by the api-client's
 * `kind` and the error `code` (shared/src/errors.ts), never by message text. One object per
 * component; every property reads the active catalogue (web/messages/<locale>.json, keys `create_*`),
 * so it follows the language picker.
 */
import type { ApiResult } from '@zkpush/shared/api-client';
import type { UploadResult } from '@zkpush/shared/upload';
import { t as common } from '#lib/i18n/recipient.ts';
import { m, t, texts } from '#lib/i18n/sender.ts';
import { formatBytes, formatDuration, formatNumber, formatTimes } from '#lib/i18n/intl-format.ts';
import { formatExpiry, type FormatOptions } from '#lib/time-format.ts';

/** The / route around the form. */
export const createPageText = texts(
  {
    title: 'create_page_title',
    heading: 'create_page_heading',
    lede: 'create_page_lede',
    settingsFailed: 'create_page_settings_failed',
    loading: 'create_page_loading',
    // A retrieval-only gateway (ZKPUSH_CREATE_ENABLED=false) says so instead of showing the form.
    gateway: 'create_problem_creation_disabled',
  },
  {
    get retry(): string {
      return common('ui_retry');
    },
  },
);

export const modeSwitchText = texts({
  legend: 'create_mode_legend',
  text: 'create_mode_text',
  files: 'create_mode_files',
});

export const secretFieldText = texts(
  {
    label: 'create_secret_label',
    monospace: 'create_secret_monospace',
    placeholder: 'create_secret_placeholder',
    wideCharacters: 'create_secret_wide_characters',
  },
  {
    /** `size` and `maxSize` already formatted as numbers. */
    count: (size: string, maxSize: string): string => m().create_secret_count({ size, maxSize }),
    /** The characters typed (`count` already formatted), shown until the limit comes near. */
    typed: (count: string): string => m().create_secret_typed({ count }),
  },
);

export const filesAndMessageText = texts({
  messageLabel: 'create_message_label',
  optional: 'create_optional',
  messagePlaceholder: 'create_message_placeholder',
});

export const filePickerText = texts(
  {
    label: 'create_files_label',
    drop: 'create_files_drop',
    choose: 'create_files_choose',
    chooseInput: 'create_files_choose_input',
    chosen: 'create_files_chosen',
  },
  {
    help: (maxFiles: number, maxFileBytes: number): string =>
      m().create_files_help({ maxFiles, maxSize: formatBytes(maxFileBytes) }),
    remove: (name: string): string => m().create_files_remove({ name }),
    summary: (count: number, maxFiles: number, totalBytes: number): string =>
      m().create_files_summary({ count: formatNumber(count), maxFiles, total: formatBytes(totalBytes) }),
  },
);

export const newPassphraseText = texts(
  { label: 'create_passphrase_label', optional: 'create_optional' },
  {
    help: (maxAttempts: number): string => m().create_passphrase_help({ maxAttempts: formatNumber(maxAttempts) }),
  },
);

export const strengthHintText = texts(
  {
    common: 'create_strength_common',
    commonVariant: 'create_strength_common_variant',
    repetitive: 'create_strength_repetitive',
    short: 'create_strength_short',
  },
  {
    /** From the weakest level to the strongest (passphrase-strength.ts levels 0–4). */
    get levels(): readonly [string, string, string, string, string] {
      return [
        t('create_strength_very_weak'),
        t('create_strength_weak'),
        t('create_strength_fair'),
        t('create_strength_strong'),
        t('create_strength_very_strong'),
      ];
    },
    heading: (label: string): string => m().create_strength_heading({ label }),
    bits: (bits: number): string => m().create_strength_bits({ bits: formatNumber(bits) }),
  },
);

export const viewsExpiryText = texts(
  {
    viewsLegend: 'create_views_legend',
    expiryLegend: 'create_expiry_legend',
    expiryCustom: 'create_expiry_custom',
    unit: 'create_expiry_unit',
    minutes: 'create_unit_minutes',
    hours: 'create_unit_hours',
    days: 'create_unit_days',
  },
  {
    viewsCustom: (min: number, max: number): string =>
      m().create_views_custom({ min: formatNumber(min), max: formatNumber(max) }),
  },
);

/** The recipient's page language, carried in the link (RecipientLanguage.svelte). */
export const recipientLanguageText = texts({
  label: 'create_recipient_language_label',
  auto: 'create_recipient_language_auto',
  help: 'create_recipient_language_help',
});

/** The per-push switches under "Options" (lifecycle-options.ts) and the dashboard label. */
export const pushOptionsText = texts(
  {
    summary: 'create_options_summary',
    retrievalStepLabel: 'create_options_retrieval_step_label',
    retrievalStepHelp: 'create_options_retrieval_step_help',
    deletableByViewerLabel: 'create_options_deletable_label',
    deletableByViewerHelp: 'create_options_deletable_help',
    label: 'create_options_label',
    labelOptional: 'create_options_label_optional',
    labelPlaceholder: 'create_options_label_placeholder',
    labelHelp: 'create_options_label_help',
  },
  {
    setByServer: (on: boolean): string =>
      on ? t('create_options_set_by_server_on') : t('create_options_set_by_server_off'),
  },
);

export const submitRowText = texts({
  resume: 'create_submit_resume',
  discard: 'create_submit_discard',
  securingPassphrase: 'create_submit_securing',
  uploadCancelled: 'create_upload_cancelled',
  encrypting: 'create_submit_encrypting',
  create: 'create_submit_create',
  encryptNote: 'create_submit_note',
});

export const uploadProgressText = texts({
  cancelling: 'create_upload_cancelling',
  reconnecting: 'create_upload_reconnecting',
  finishing: 'create_upload_finishing',
  uploading: 'create_upload_uploading',
  perFile: 'create_upload_per_file',
  sent: 'create_upload_sent',
  cancellingButton: 'create_upload_cancelling_button',
  cancel: 'create_upload_cancel',
});

export const linkResultText = texts({
  heading: 'create_result_heading',
  link: 'create_result_link',
  copy: 'create_result_copy',
  anyone: 'create_result_anyone',
  /** Around the link to the dashboard: before it, its text, after it. */
  addedBefore: 'create_result_added_before',
  addedLink: 'create_result_added_link',
  addedAfter: 'create_result_added_after',
  notAdded: 'create_result_not_added',
  another: 'create_result_another',
  deleting: 'create_result_deleting',
  delete: 'create_result_delete',
  deleteQuestion: 'create_result_delete_question',
  deleteConfirm: 'create_result_delete_confirm',
  headingDeleted: 'create_result_heading_deleted',
});

/** The create form's field errors (create-form.ts). */
export const formErrors = texts(
  {
    passphraseIsSecret: 'create_error_passphrase_is_secret',
    viewsNotWhole: 'create_error_views_not_whole',
    textEmpty: 'create_error_text_empty',
  },
  {
    passphraseTooLong: (max: number): string => m().create_error_passphrase_too_long({ max: formatNumber(max) }),
    labelTooLong: (max: number): string => m().create_error_label_too_long({ max: formatNumber(max) }),
    viewsOutOfRange: (min: number, max: number): string =>
      m().create_error_views_out_of_range({ min: formatNumber(min), max: formatNumber(max) }),
    expiryNotWhole: (unit: string): string => m().create_error_expiry_not_whole({ unit }),
    expiryOutOfRange: (min: number, max: number): string =>
      m().create_error_expiry_out_of_range({ min: formatDuration(min), max: formatDuration(max) }),
    textTooLong: (over: number): string => m().create_error_text_too_long({ count: over, over: formatNumber(over) }),
  },
);

/** Why chosen files do not fit this server (file-selection.ts). */
export const fileErrors = texts(
  {
    none: 'create_file_error_none',
    manifestTooLong: 'create_file_error_manifest_too_long',
  },
  {
    fileTooLarge: (maxFileBytes: number): string => m().create_file_error_too_large({ max: formatBytes(maxFileBytes) }),
    nameLength: (max: number): string => m().create_file_error_name_length({ max: formatNumber(max) }),
    tooMany: (maxFiles: number, over: number): string =>
      m().create_file_error_too_many({ maxFiles: formatNumber(maxFiles), over: formatNumber(over) }),
    tooLargeTogether: (maxPushBytes: number): string =>
      m().create_file_error_too_large_together({ max: formatBytes(maxPushBytes) }),
  },
);

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
  const parts = [
    ...(options.files === undefined ? [] : [m().create_describe_holds_files({ count: options.files })]),
    m().create_describe_base({ times: formatTimes(views), expiry: formatExpiry(expiresAt, now, options) }),
    ...(options.passphrase ? [t('create_describe_passphrase')] : []),
  ];
  return parts.join(' ');
}

type Failure<T> = Exclude<ApiResult<T>, { kind: 'ok' }>;

export interface Problem {
  message: string;
  /** Whether pressing the button again could help. */
  retry: boolean;
}

function waitHint(seconds: number | undefined): string {
  return seconds ? m().create_wait_seconds({ count: seconds }) : t('create_wait_minute');
}

/** Explains a failed POST /api/v1/secrets (or config load). */
export function createProblem<T>(result: Failure<T>): Problem {
  switch (result.kind) {
    case 'network':
      return { message: t('create_problem_network'), retry: true };
    case 'bad_response':
      return {
        message: m().create_problem_bad_response({ status: result.status }),
        retry: true,
      };
    case 'error':
      switch (result.code) {
        case 'payload_too_large':
          return { message: t('create_problem_too_large'), retry: false };
        case 'invalid_request':
          // The server's message names the field; it is safe to show (it never echoes the secret).
          return { message: m().create_problem_invalid_request({ detail: result.message }), retry: false };
        case 'rate_limited':
          return { message: m().create_problem_rate_limited({ wait: waitHint(result.retryAfter) }), retry: true };
        case 'service_unavailable':
          return { message: t('create_problem_unavailable'), retry: true };
        case 'sign_in_required':
          return { message: t('create_problem_sign_in_required'), retry: false };
        case 'forbidden_by_policy':
          // The server's message says which rule (files for admins only, a shorter expiry); it quotes no secret.
          return { message: m().create_problem_forbidden_by_policy({ detail: result.message }), retry: false };
        case 'csrf_failed':
          return { message: t('create_problem_csrf_failed'), retry: false };
        case 'creation_disabled':
          return { message: t('create_problem_creation_disabled'), retry: false };
        default:
          return {
            message: m().create_problem_server({ code: result.code }),
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
    message: t('create_problem_cancelled_unconfirmed'),
    retry: false,
  };
}

/** A text push the server refused as too large (create-flow.ts). */
export const TOO_LARGE: Problem = texts({ message: 'create_problem_too_large' }, { retry: false });

/** The browser stopped Argon2id while securing a new passphrase (create-flow.ts). */
export const KDF_FAILED: Problem = texts({ message: 'create_problem_kdf_failed' }, { retry: true });

/** A file push the server did not open an upload for (files-create-flow.ts). */
export const NO_UPLOAD = (): string => t('create_problem_no_upload');

/** The connection stayed down during a file upload; what was sent waits on the server. */
export const UPLOAD_INTERRUPTED: Problem = texts({ message: 'create_problem_upload_interrupted' }, { retry: true });

/** Words for an upload that ended in a refusal or a local failure (never echoing file contents). */
export function uploadProblem(result: Exclude<UploadResult, { kind: 'ok' | 'cancelled' | 'network' }>): Problem {
  switch (result.kind) {
    case 'read_failed':
      return {
        message: m().create_problem_read_failed({ number: formatNumber(result.file + 1) }),
        retry: true,
      };
    case 'seal_failed':
      return { message: t('create_problem_seal_failed'), retry: true };
    case 'bad_response':
      return { message: m().create_problem_upload_bad_response({ status: result.status }), retry: true };
    case 'error':
      switch (result.code) {
        case 'insufficient_storage':
          return { message: t('create_problem_storage_full'), retry: true };
        case 'gone':
        case 'not_found':
          return { message: t('create_problem_upload_gone'), retry: true };
        case 'unauthorized':
        case 'forbidden':
          return { message: t('create_problem_upload_refused_token'), retry: true };
        default:
          return { message: m().create_problem_upload_refused({ code: result.code }), retry: true };
      }
  }
}

/** Explains a refused POST /api/v1/secrets for a file push: the file-specific refusals, else createProblem's. */
export function filesCreateProblem<T>(result: Failure<T>): Problem {
  if (result.kind === 'error' && result.code === 'insufficient_storage') {
    return { message: t('create_problem_files_no_space'), retry: true };
  }
  if (result.kind === 'error' && result.code === 'payload_too_large') {
    return { message: t('create_problem_files_too_large'), retry: false };
  }
  if (result.kind === 'error' && result.code === 'forbidden') {
    return { message: t('create_problem_files_forbidden'), retry: false };
  }
  if (result.kind === 'error' && result.code === 'rate_limited' && result.limit === 'pending_uploads') {
    // Not "too many requests": this address has started uploads it has not finished (docs/api.md).
    return { message: t('create_problem_pending_uploads'), retry: true };
  }
  return createProblem(result);
}

type DeleteOutcome = { kind: 'deleted'; message: string } | { kind: 'problem'; message: string };

/** Explains the answer to DELETE /api/v1/secrets/:id (the "Delete it now" button). */
export function deleteOutcome(result: ApiResult<null>): DeleteOutcome {
  if (result.kind === 'ok') return { kind: 'deleted', message: t('create_delete_done') };
  if (result.kind === 'error' && result.code === 'gone') {
    switch (result.reason) {
      case 'viewed':
        return { kind: 'deleted', message: t('create_delete_viewed') };
      case 'expired':
        return { kind: 'deleted', message: t('create_delete_expired') };
      case 'locked':
        return { kind: 'deleted', message: t('create_delete_locked') };
      default:
        return { kind: 'deleted', message: t('create_delete_gone') };
    }
  }
  if (result.kind === 'error' && result.code === 'not_found') {
    return { kind: 'deleted', message: t('create_delete_not_found') };
  }
  if (result.kind === 'error' && (result.code === 'forbidden' || result.code === 'unauthorized')) {
    return { kind: 'problem', message: t('create_delete_refused') };
  }
  return { kind: 'problem', message: createProblem(result).message };
}
