/**
 * Words for the dashboard (dashboard/ and the /dashboard route): the page, each remembered push's
 * card and audit trail, the state and event labels, what a failed status request or an import says.
 * One object per component; every property reads the active catalogue (web/messages/<locale>.json,
 * keys `dash_*`), so it follows the language picker.
 */
import { t as common } from '#lib/i18n/recipient.ts';
import { formatNumber } from '#lib/i18n/intl-format.ts';
import { m, t, texts } from '#lib/i18n/sender.ts';

/** The /dashboard route. */
export const dashboardPageText = texts(
  {
    title: 'dash_page_title',
    heading: 'dash_page_heading',
    /** Around the emphasised end of the lede: before it, the emphasis. */
    lede: 'dash_page_lede',
    ledeStrong: 'dash_page_lede_strong',
    unavailableHeading: 'dash_page_unavailable_heading',
    unavailableBody: 'dash_page_unavailable_body',
    setAsideHeading: 'dash_page_set_aside_heading',
    setAsideAfter: 'dash_page_set_aside_after',
    empty: 'dash_page_empty',
    create: 'dash_page_create',
    refresh: 'dash_page_refresh',
    active: 'dash_page_active',
    ended: 'dash_page_ended',
    none: 'dash_page_none',
    unreadableFile: 'dash_page_unreadable_file',
    localHeading: 'dash_page_local_heading',
  },
  {
    /** Around the storage key the list was moved to: before it (with why); setAsideAfter after it. */
    setAsideBefore: (why: string): string => m().dash_page_set_aside_before({ why }),
    skipped: (n: number): string => m().dash_page_skipped({ count: n }),
  },
);

export const dashboardItemText = texts(
  {
    viewsLeft: 'dash_item_views_left',
    timeLeft: 'dash_item_time_left',
    wasDue: 'dash_item_was_due',
    expires: 'dash_item_expires',
    passphrase: 'dash_item_passphrase',
    yes: 'dash_item_yes',
    no: 'dash_item_no',
    files: 'dash_item_files',
    id: 'dash_item_id',
    refused: 'dash_item_refused',
    purged: 'dash_item_purged',
    expire: 'dash_item_expire',
    expireQuestion: 'dash_item_expire_question',
    expireConfirm: 'dash_item_expire_confirm',
    expiring: 'dash_item_expiring',
    deleteFiles: 'dash_item_delete_files',
    deleteFilesQuestion: 'dash_item_delete_files_question',
    deleteFilesConfirm: 'dash_item_delete_files_confirm',
    deleting: 'dash_item_deleting',
    forget: 'dash_item_forget',
    forgetEndedQuestion: 'dash_item_forget_ended_question',
    forgetActiveQuestion: 'dash_item_forget_active_question',
    forgetConfirm: 'dash_item_forget_confirm',
    removing: 'dash_item_removing',
  },
  {
    get retry(): string {
      return common('ui_retry');
    },
    untitled: (created: string): string => m().dash_item_untitled({ created }),
    /** `left` is a number, or "…" while unknown. */
    viewsOf: (left: string, views: number): string => m().dash_item_views_of({ left, views: formatNumber(views) }),
    problem: (message: string): string => m().dash_item_problem({ message }),
  },
);

export const auditTrailText = texts(
  {
    empty: 'dash_trail_empty',
    ip: 'dash_trail_ip',
    browser: 'dash_trail_browser',
    referrer: 'dash_trail_referrer',
    actor: 'dash_trail_actor',
    loading: 'dash_trail_loading',
    more: 'dash_trail_more',
  },
  {
    /** Above the list when someone tried wrong keys: the server counts them all but lists only a few. */
    wrongKeys: (count: number, omitted: number): string =>
      m().dash_trail_wrong_keys({ count }) +
      (omitted > 0 ? m().dash_trail_wrong_keys_omitted({ omitted: formatNumber(omitted) }) : '.'),
    /** The trail's summary line: "Audit trail (1 event)", "(3 events)", "(20+ events)" while more pages wait. */
    summary: (n: number, more: boolean): string =>
      more ? m().dash_trail_summary_more({ count: formatNumber(n) }) : m().dash_trail_summary({ count: n }),
    /**
     * A file push's last view: the files stay downloadable for the opener's window, so "Destroyed" would
     * be untrue (issue 13 §4.10). `until`: when the open window closes, already formatted; none: closed.
     */
    filesOpened: (until: string | undefined): string =>
      until === undefined ? t('dash_event_files_opened') : m().dash_event_files_opened_until({ until }),
  },
);

export const transferText = texts({
  heading: 'dash_transfer_heading',
  /** Around the emphasised "not": before it, it, after it. */
  before: 'dash_transfer_before',
  not: 'dash_transfer_not',
  after: 'dash_transfer_after',
  export: 'dash_transfer_export',
  import: 'dash_transfer_import',
});

/** A push's state on its card (dashboard-status.ts pushStatus). */
export const stateLabels = texts({
  active: 'dash_state_active',
  viewed: 'dash_state_viewed',
  expired: 'dash_state_expired',
  deleted_by_creator: 'dash_state_deleted_by_creator',
  deleted_by_viewer: 'dash_state_deleted_by_viewer',
  locked: 'dash_state_locked',
  purged: 'dash_state_purged',
});

/** One line of the audit trail, by event type. */
export const eventLabels = texts({
  created: 'dash_event_created',
  viewed: 'dash_event_viewed',
  failed_key: 'dash_event_failed_key',
  failed_passphrase: 'dash_event_failed_passphrase',
  locked: 'dash_event_locked',
  expired_by_views: 'dash_event_expired_by_views',
  expired_by_time: 'dash_event_expired_by_time',
  deleted_by_creator: 'dash_event_deleted_by_creator',
  deleted_by_viewer: 'dash_event_deleted_by_viewer',
  upload_completed: 'dash_event_upload_completed',
  upload_abandoned: 'dash_event_upload_abandoned',
  download_started: 'dash_event_download_started',
  deleted_by_admin: 'dash_event_deleted_by_admin',
  recipient_mismatch: 'dash_event_recipient_mismatch',
  audit_read_by_admin: 'dash_event_audit_read_by_admin',
});

/** Why a push's state or trail could not be fetched (dashboard-status.ts). */
export const statusProblems = texts(
  { network: 'dash_status_network' },
  {
    badResponse: (status: number): string => m().dash_status_bad_response({ status }),
    rateLimited: (retryAfter: number | undefined): string =>
      retryAfter
        ? m().dash_status_rate_limited_wait({ seconds: formatNumber(retryAfter) })
        : t('dash_status_rate_limited'),
    failed: (code: string): string => m().dash_status_failed({ code }),
  },
);

/** Reading a stored or imported list, and what an import says (dashboard-store.ts). */
export const storeText = texts(
  {
    notJson: 'dash_store_not_json',
    importTooLarge: 'dash_store_import_too_large',
    importUnavailable: 'dash_store_import_unavailable',
    importNotSaved: 'dash_store_import_not_saved',
  },
  {
    wrongVersion: (version: number): string => m().dash_store_wrong_version({ version }),
    importInvalid: (why: string): string => m().dash_store_import_invalid({ why }),
    imported: (n: number): string => m().dash_store_imported({ count: n }),
    alreadyHere: (n: number): string => m().dash_store_already_here({ count: n }),
    skipped: (n: number): string => m().dash_store_skipped({ count: n }),
    /** The parts above joined into one sentence. */
    sentence: (parts: readonly string[]): string => m().dash_store_sentence({ parts: parts.join('; ') }),
  },
);

/** A push listed by the server (ServerPushCard, ServerPushList): my links and the team view. */
export const serverPushText = texts(
  {
    deleted: 'dash_state_deleted',
    creator: 'dash_server_creator',
    anonymous: 'dash_server_anonymous',
    ended: 'dash_server_ended',
    kind: 'dash_server_kind',
    kindText: 'dash_server_kind_text',
    kindFiles: 'dash_server_kind_files',
    recipientBound: 'dash_server_recipient_bound',
    trail: 'dash_server_trail',
    trailLoading: 'dash_server_trail_loading',
    trailRefused: 'dash_server_trail_refused',
    loading: 'dash_server_loading',
    more: 'dash_server_more',
  },
  {
    get retry(): string {
      return common('ui_retry');
    },
    listFailed: (message: string): string => m().dash_server_list_failed({ message }),
  },
);

/** "My links" on the dashboard, for a signed-in person (MyPushes). */
export const myPushesText = texts({
  heading: 'dash_mine_heading',
  lede: 'dash_mine_lede',
  active: 'dash_page_active',
  ended: 'dash_page_ended',
});
