/**
 * What `zkpush push` says: its help, its usage errors, the checks against the server's limits, the
 * upload's progress words and failures, and the notes after a push is made, in one place to be
 * translated later. No message echoes the secret, a passphrase or a file's contents.
 */

export const PUSH_HELP = `Usage: zkpush push [options] [text | -]
       zkpush push [options] -f FILE [-f FILE …] [--message TEXT | --message-file FILE]

Encrypts a secret on this machine and prints a link that opens it. The key exists only in the link,
after the "#"; the server stores ciphertext it cannot read.

The secret is the argument or, without one (or with "-"), stdin. Exactly one trailing newline is
removed from stdin ("echo" adds one) unless --keep-newline. Prefer stdin for real secrets: arguments
end up in shell history and process lists.

Files (-f, once per file): each is encrypted as it is read from disk and uploaded in 1 MiB chunks,
with retries; names, types and exact sizes travel only inside the encryption (the server sees each
file's padded size). Limits (file count, size) are the server's and are checked before anything is
uploaded. Progress shows on stderr when it is a terminal. Ctrl-C cancels and deletes the half-made
push (exit 130).

Options:
      --views N           how many times the link opens (default and range: the server's)
      --expires DURATION  lifetime: 30m, 1h, 7d, 1h30m or seconds (default and range: the server's)
  -s, --server URL        server origin (default: $ZKPUSH_SERVER, else http://127.0.0.1:8080)
      --json              print {"link","id","ownerToken","expiresAt","views"} instead of the link
                          (a file push adds "files": the padded size of each, as the server sees it)
      --keep-newline      push stdin (or the --message-file) exactly as read
  -f, --file FILE         push this file (repeat for more); no text argument then
      --message TEXT      a note shown with the files
      --message-file F    the note from the file F ("-": stdin)
      --lang TAG          the recipient's page language in the link (de, pt-BR):
                          <origin>/TAG/s/<id>#<key>; the server decides which exist
      --recipient WHO     only someone signed in as this email (alice@example.com) or
                          anyone at this domain (@example.com) may open it; needs a
                          server with sign-in
  -q, --quiet             no messages on stderr
      --token-file FILE   API token for servers that let only signed-in people
                          or tokens create ("-": stdin; default: $ZKPUSH_TOKEN)
  -h, --help              show this help

Passphrase (optional): the recipient then needs it as well as the link, and the server destroys the
secret after too many wrong ones. Tell it to them another way. Never give it as an argument:
      --passphrase            ask for it on the terminal, twice, without echo
      --passphrase-env VAR    read it from the environment variable VAR
      --passphrase-file FILE  read the first line of FILE ("-": stdin, if the secret is an argument)

stdout gets only the link. The owner token, which "zkpush delete" and "zkpush events" need, goes
to stderr when stderr is a terminal (not with -q), and is always in --json; zkpush never writes it
to disk. Keep it: the server cannot show it again.

Examples:
  printf '%s' "$DB_PASSWORD" | zkpush push --views 1 --expires 1h
  printf '%s' "$DB_PASSWORD" | zkpush push --passphrase          # asks on the terminal
  printf '%s' "$DB_PASSWORD" | zkpush push --passphrase-env DB_PASSPHRASE
  zkpush push -f backup.tar.gz -f restore.md --message "tonight's backup" --expires 1d
`;

export const pushMessages = {
  filesTakeNoText: 'push -f takes no text argument; use --message for a note with the files',
  messageTwice: 'use only one of --message and --message-file',
  /** `tag`: the --lang value as given (a language tag, never secret). */
  langInvalid: (tag: string): string => `--lang must be a language tag like de or pt-BR (got ${JSON.stringify(tag)})`,
  recipientEmpty: '--recipient needs an email address (alice@example.com) or a domain (@example.com)',
  messageWithoutFiles: '--message and --message-file go with -f FILE (a text push is its own message)',
  /** What stdin already carries, for the --passphrase-file - refusal. */
  stdinHoldsMessage: 'the message',
  stdinHoldsSecret: 'the secret',
  /** `what`: stdinHoldsSecret or stdinHoldsMessage. */
  tokenFileStdin: (what: string): string => `--token-file - reads stdin, which already carries ${what}; use a file`,
  secretTooLarge: (bytes: number, max: number): string =>
    `the secret is too large: ${bytes} bytes encrypted, this server accepts ${max}`,
  argumentTip: 'Tip: pipe secrets on stdin instead; arguments stay in shell history.',

  typeTheSecret: 'Type or paste the secret, then press Enter and Ctrl-D.',
  stdinTooLarge: (max: number): string => `stdin is larger than this server accepts (${max} bytes)`,
  stdinNotUtf8: 'stdin is not UTF-8 text; only text secrets are supported',
  stdinName: 'stdin',
  argumentName: 'the argument',
  /** `what`: stdinName or argumentName. */
  nothingToPush: (what: string): string => `nothing to push: ${what} is empty`,
  messageFileUnreadable: (where: string, code: string): string => `cannot read the --message-file ${where} (${code})`,
  messageFileTooLarge: (where: string): string => `the --message-file ${where} is larger than this server accepts`,
  messageFileNotUtf8: (where: string): string => `the --message-file ${where} is not UTF-8 text`,

  passphrasePrompt: 'Passphrase for this push: ',
  viewsOutOfRange: (min: number, max: number, views: number): string =>
    `--views must be between ${min} and ${max} on this server (got ${views})`,
  expiresOutOfRange: (min: string, max: string, got: string): string =>
    `--expires must be between ${min} and ${max} on this server (got ${got})`,
  noSignIn:
    'this server has no sign-in (its /api/v1/config says so), so nobody could open a push for a --recipient; nothing was pushed',
  noPassphrases: 'this server does not accept passphrases (its /api/v1/config says so); nothing was pushed',
  ownerToken: (token: string): string => `Owner token (for zkpush delete and zkpush events; keep it private): ${token}`,
  ownerTokenHidden: 'Owner token not shown: stderr is not a terminal. Use --json to get it.',
  locked: (tries: number): string =>
    `Locked with a passphrase; tell it to the recipient another way. ${tries} wrong ones destroy it.`,

  /** Why a file cannot be read, by its error code; another code is shown as it is. */
  fileError: {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    ELOOP: 'too many symbolic links',
    ENOTDIR: 'a part of the path is not a directory',
  } satisfies Readonly<Record<string, string>>,
  /** `shown`: the path as given, made printable. */
  fileUnreadable: (shown: string, why: string): string => `-f ${shown}: ${why}`,
  fileIsDirectory: (shown: string): string =>
    `-f ${shown} is a directory: give its files one by one, or an archive of it (tar, zip)`,
  fileNotRegular: (shown: string): string => `-f ${shown} is not a regular file (a pipe, socket or device)`,
  fileNameTooLong: (shown: string, max: number): string =>
    `-f ${shown}: the file name is longer than ${max} characters; rename it first`,
  fileNameMissing: '-f needs a file name',
  nothingPushed: (why: string): string => `${why}; nothing was pushed`,
  noFilePushes: 'this server does not accept file pushes (its /api/v1/config says so)',
  tooManyFiles: (count: number, max: number): string =>
    `${count} files given; this server accepts at most ${max} per push`,
  fileTooLarge: (shown: string, size: string, bytes: number, max: string, maxBytes: number): string =>
    `${shown} is ${size} (${bytes} bytes); this server accepts files up to ${max} (${maxBytes} bytes)`,
  pushTooLarge: (padded: string, max: string): string =>
    `the files add up to ${padded} as stored (padded); this server accepts ${max} per push`,

  manifestTooLarge: (bytes: number, max: number): string =>
    `the file names and the message are too large: ${bytes} bytes encrypted, this server accepts ${max}`,
  /** A file named by its position when its path is unknown. */
  fileNumber: (n: number): string => `file ${n}`,
  uploadCancelled: 'cancelled (Ctrl-C) while uploading',
  connectionLost: (origin: string, why: string): string =>
    `the connection to ${origin} was lost while uploading: ${why}`,
  readFailed: (name: string, why: string): string => `cannot read ${name} while uploading: ${why}`,
  sealFailed: (name: string, why: string): string => `encrypting ${name} failed: ${why}`,
  noUpload: (origin: string): string => `${origin} did not open an upload for the files (is it an older zkpush?)`,
  uploading: 'Uploading',
  reconnecting: 'Reconnecting,',
  finishing: 'Finishing',
  halfMadeDeleted: 'the half-made push was deleted; nothing can be opened',
  halfMadeLeft: 'the half-made push could not be deleted now; the server removes it after its upload idle timeout',
  /** `after`: halfMadeDeleted or halfMadeLeft. */
  uploadFailed: (why: string, after: string): string => `${why}; ${after}`,
  filesPushed: (count: string, size: string, padded: string): string => `${count}, ${size} (stored padded: ${padded}).`,
} as const;
