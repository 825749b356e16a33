/**
 * Words for the dashboard (dashboard/ and the /dashboard route): the page, each remembered push's
 * card and audit trail, the state and event labels, what a failed status request or an import says.
 * Plain strings and small functions, one object per component, so the file can become a translation
 * catalogue.
 */

/** The /dashboard route. */
export const dashboardPageText = {
  title: 'Dashboard — zkpush',
  heading: 'Your links',
  /** Around the emphasised end of the lede: before it, the emphasis. */
  lede: "Links created in this browser, with their views, time left and audit trail. No account: this list lives only in this browser. It keeps each link's id and owner token — never the link's key, the passphrase or the secret — so it",
  ledeStrong: 'cannot show a link again',
  unavailableHeading: "This browser's storage is unavailable",
  unavailableBody: 'Site storage is blocked or disabled here, so no list of your links can be kept or shown.',
  setAsideHeading: "Your saved list couldn't be read",
  /** Around the storage key the list was moved to: before it (with why), after it. */
  setAsideBefore: (why: string): string =>
    `It was damaged or written by a newer version (${why}), so it was set aside under`,
  setAsideAfter: "in this browser's storage and a new list was started.",
  skipped: (n: number): string => `${n} damaged ${n === 1 ? 'entry was' : 'entries were'} skipped.`,
  empty: 'No links yet. Links you create in this browser appear here.',
  create: 'Create a link',
  refresh: 'Refresh',
  active: 'Active',
  ended: 'Ended',
  none: 'None.',
  unreadableFile: "That file couldn't be read.",
};

export const dashboardItemText = {
  untitled: (created: string): string => `Link created ${created}`,
  viewsLeft: 'Views left',
  /** `left` is a number, or "…" while unknown. */
  viewsOf: (left: string, views: number): string => `${left} of ${views}`,
  timeLeft: 'Time left',
  wasDue: 'Was due to expire',
  expires: 'Expires',
  passphrase: 'Passphrase',
  yes: 'Yes',
  no: 'No',
  files: 'Files',
  id: 'Id',
  refused: "The server no longer accepts this browser's owner token for this link.",
  problem: (message: string): string => `Couldn't check its state: ${message}`,
  retry: 'Try again',
  purged: 'The server has deleted its record of this link, audit trail included (retention period).',
  expire: 'Expire now',
  expireQuestion: 'Expire this link now? Nobody will be able to open it any more.',
  expireConfirm: 'Yes, expire it',
  expiring: 'Expiring…',
  deleteFiles: 'Delete files now',
  deleteFilesQuestion: 'Delete the files now? Whoever opened the link can no longer download them.',
  deleteFilesConfirm: 'Yes, delete them',
  deleting: 'Deleting…',
  forget: 'Forget',
  forgetEndedQuestion:
    'Remove it from this list? Its audit trail stays on the server until retention ends, but this browser can no longer read it.',
  forgetActiveQuestion:
    'Remove it from this list? The link keeps working, and this browser can no longer expire it or read its audit trail.',
  forgetConfirm: 'Yes, forget it',
  removing: 'Removing…',
};

export const auditTrailText = {
  empty: 'No events recorded.',
  ip: 'IP',
  browser: 'Browser',
  referrer: 'Came from',
  /** Above the list when someone tried wrong keys: the server counts them all but lists only a few. */
  wrongKeys: (count: number, omitted: number): string =>
    `${count === 1 ? 'One attempt' : `${count} attempts`} with a wrong link key (someone had the id without the key)` +
    (omitted > 0 ? `; the first and latest are listed, ${omitted} more are not.` : '.'),
  loading: 'Loading…',
  more: 'Load more',
  /** The trail's summary line: "Audit trail (1 event)", "(3 events)", "(20+ events)" while more pages wait. */
  summary: (n: number, more: boolean): string =>
    `Audit trail (${n}${more ? '+' : ''} ${n === 1 && !more ? 'event' : 'events'})`,
};

export const transferText = {
  heading: 'Move this list to another browser',
  /** Around the emphasised "not": before it, it, after it. */
  before:
    "The file holds each link's id and owner token. The owner token lets whoever has the file read the audit trail and expire the link — it does",
  not: 'not',
  after: 'let anyone read the secret. Keep the file private anyway, and delete it once imported.',
  export: 'Export list',
  import: 'Import list…',
};

/** A push's state on its card (dashboard-status.ts pushStatus). */
export const stateLabels = {
  active: 'Active',
  viewed: 'Viewed — no views left',
  expired: 'Expired',
  deleted_by_creator: 'Expired by you',
  deleted_by_viewer: 'Deleted by the recipient',
  locked: 'Destroyed: too many wrong passphrases',
  purged: 'Ended — no record left on the server',
};

/** One line of the audit trail, by event type. */
export const eventLabels = {
  created: 'Created',
  viewed: 'Viewed',
  failed_key: 'Refused: wrong link key',
  failed_passphrase: 'Wrong passphrase',
  locked: 'Destroyed after too many wrong passphrases',
  expired_by_views: 'Destroyed: no views left',
  expired_by_time: 'Expired',
  deleted_by_creator: 'Expired by the creator',
  deleted_by_viewer: 'Deleted by the recipient',
  upload_completed: 'Files uploaded',
  upload_abandoned: 'Upload abandoned; deleted',
  download_started: 'Download started',
  deleted_by_admin: 'Expired by an administrator',
  recipient_mismatch: 'Refused: signed in as someone other than the named recipient',
  audit_read_by_admin: 'Audit trail read by an administrator',
};

/** Why a push's state or trail could not be fetched (dashboard-status.ts). */
export const statusProblems = {
  network: "Can't reach the server.",
  badResponse: (status: number): string => `The server sent an answer we don't understand (HTTP ${status}).`,
  rateLimited: (retryAfter: number | undefined): string =>
    `The server is limiting requests${retryAfter ? `; try again in ${retryAfter} s` : ''}.`,
  failed: (code: string): string => `The server could not answer (${code}).`,
};

/** Reading a stored or imported list, and what an import says (dashboard-store.ts). */
export const storeText = {
  notJson: 'it is not JSON',
  wrongVersion: (version: number): string => `it is not a version ${version} zkpush dashboard list`,
  importTooLarge: 'That file is too large to be a zkpush list.',
  importInvalid: (why: string): string => `That file can't be imported: ${why}.`,
  importUnavailable: "This browser's storage is unavailable, so nothing could be imported.",
  importNotSaved: "This browser's storage is full or unavailable, so nothing was imported.",
  imported: (n: number): string => `Imported ${n} ${n === 1 ? 'link' : 'links'}`,
  alreadyHere: (n: number): string => `${n} ${n === 1 ? 'was' : 'were'} already here`,
  skipped: (n: number): string => `${n} ${n === 1 ? 'entry was' : 'entries were'} invalid and skipped`,
  /** The parts above joined into one sentence. */
  sentence: (parts: readonly string[]): string => `${parts.join('; ')}.`,
};
