/**
 * What people watching a terminal read: progress lines, the sentences about a push after it is made
 * or opened, and the labels of the "field  value" summaries, in one place to be translated later.
 */

export const terminalMessages = {
  kdfProgress: (percent: number): string => `Deriving the key from the passphrase (Argon2id)… ${percent}%`,

  fileCount: (n: number): string => (n === 1 ? '1 file' : `${n} files`),
  /** One file's progress line; `name` is already padded to the column. */
  fileFailed: (name: string): string => `  ${name}  failed`,
  fileDone: (name: string, size: string): string => `  ${name}  done   ${size}`,
  fileWaiting: (name: string): string => `  ${name}  …`,
  fileProgress: (name: string, percent: string, done: string, total: string): string =>
    `  ${name}  ${percent}%   ${done} of ${total}`,
  /** The overall line: "Uploading 3 files: 40% of 12 MiB"; `verb` is the caller's ("Downloading", …). */
  overall: (verb: string, files: string, percent: number, total: string): string =>
    `${verb} ${files}: ${percent}% of ${total}`,

  created: (times: string, left: string): string => `Link opens ${times}, expires in ${left}.`,
  lastView: 'That was the last view: the secret is now deleted from the server.',
  viewsLeft: (views: string, left: string): string => `${views} left; expires in ${left}.`,
  filesPadded: (count: number, total: string): string =>
    `${count} (${total} in all, padded: names and exact sizes are encrypted)`,

  /** Labels of the "field  value" lines of `meta` and `events`. */
  labels: { id: 'id', viewsLeft: 'views left', created: 'created', expires: 'expires', files: 'files' },
  viewsOf: (left: number, views: number): string => `${left} of ${views}`,
  expiresIn: (at: string, left: string): string => `${at} (in ${left})`,
} as const;
