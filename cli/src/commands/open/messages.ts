/**
 * What `zkpush open` says: its help, its usage errors, the failures of a reveal and a download, the
 * passphrase prompts, and the notes on what was saved, in one place to be translated later. No message
 * echoes a link's key, a passphrase or the secret.
 */

export const OPEN_HELP = `Usage: zkpush open [options] <link | ->

Reveals a secret: uses one view, decrypts it on this machine and writes it to stdout exactly as it
was pushed. A newline is added only when stdout is a terminal and the secret does not end with one.
Views left and the expiry go to stderr.

A push of files needs -o DIR: each file is downloaded, verified as it arrives and saved into DIR
(created if missing) under a safe version of its name, first as a hidden .zkpush-part file that gets
its name only once it verified completely. A damaged or tampered file is never saved. The sender's
message goes to stderr. Without -o, nothing is revealed (no view is used).

Options:
  -o, --output FILE   write the secret to FILE instead, created with mode 0600 ("-": stdout)
  -o, --output DIR    for a file push: save the files into DIR; "-" writes a push of one file to
                      stdout (a damaged file is then reported only after bytes were written: exit 5,
                      discard the output; prefer -o DIR)
      --force         replace FILE if it exists (refused otherwise, before any view is used); for
                      files, replace files of the same names in DIR (otherwise "name (2)" is used)
  -s, --server URL    reach the link's server at this origin instead (e.g. an internal address)
  -q, --quiet         no messages on stderr
  -h, --help          show this help

Passphrase (only for a secret locked with one; without these, zkpush asks on the terminal):
      --passphrase            ask on the terminal, without echo
      --passphrase-env VAR    read it from the environment variable VAR
      --passphrase-file FILE  read the first line of FILE ("-": stdin, unless the link comes from it)
      --no-retry              on a terminal, stop at the first wrong passphrase instead of asking again

Each wrong passphrase is an attempt the server counts (no view is used); after the last one the
secret is destroyed. Without a terminal and without --passphrase-env/--passphrase-file, open stops
before sending anything.

The link must be complete, including the key after "#". With "-" it is read from stdin, which keeps
it out of the process list and shell history.

Examples:
  printf '%s' "$LINK" | zkpush open - -o db-password.txt
  printf '%s' "$LINK" | zkpush open - --passphrase-file ./passphrase.txt
  printf '%s' "$LINK" | zkpush open - -o ./received/
`;

export const openMessages = {
  /** Ends every failure after the reveal: the view is used. */
  usedAView: ' (this used a view)',
  alteredAfterPassphrase:
    'cannot decrypt: the server accepted the passphrase, but the secret or its parameters were altered',
  wrongKeyOrAltered: 'cannot decrypt: the key in this link does not fit this secret, or the data was altered',
  damaged: (why: string): string => `the secret is damaged: ${why}`,
  newerFormat: (version: number): string =>
    `this secret uses format version ${version}, newer than this zkpush: update it`,
  stdinNoLink: 'stdin does not hold a link',
  needsLink: 'open needs a link (see zkpush open --help)',
  idAlone: 'open needs the whole link with the key after "#"; an id alone cannot decrypt',
  notALink: 'expected a link like https://host/s/<id>#<key>',
  damagedLink: (why: string): string => `damaged link: ${why}`,
  /** What stdin already carries, for the --passphrase-file - refusal. */
  stdinHoldsLink: 'the link',
  noPassphraseNeeded: 'This secret has no passphrase; the passphrase option is ignored.',
  /** `said`: textSecret or files. */
  kindMismatch: (said: string): string =>
    `the server's metadata said ${said}, but the decrypted push is not (this used a view)`,
  textSecret: 'a text secret',
  files: 'files',
  senderMessage: 'Message from the sender:',
  noDownloadToken: (origin: string): string => `${origin} sent no download token with the files (this used a view)`,

  /** `what`: pushHolds. */
  pushHolds: (files: string, padded: string): string => `this push holds ${files} (${padded} as stored)`,
  saveWithDir: (what: string): string => `${what}: save them with -o DIR (no view was used)`,
  stdoutOneFile: (what: string): string =>
    `-o - writes a single file to stdout, and ${what}: use -o DIR (no view was used)`,
  cannotCreateDir: (shown: string, code: string): string =>
    `cannot create the directory ${shown} (${code}); no view was used`,
  notADirectory: (shown: string, what: string): string =>
    `-o ${shown} is not a directory: ${what}, -o names the directory to save them in`,
  dirNotWritable: (shown: string): string => `cannot write to the directory ${shown}; no view was used`,

  /** Why a file did not verify, by the downloader's reason; another reason is shown as it is. */
  corrupt: {
    auth_failed: 'a chunk did not verify',
    too_long: 'the stored file is longer than the one the sender encrypted',
    truncated: 'the stored file is cut short',
    bad_padding: 'its padding is not what a sender writes',
  } satisfies Readonly<Record<string, string>>,
  chunk: (n: number): string => ` (chunk ${n})`,
  /** `name`: the file's name, made printable. */
  fileDamaged: (name: string, why: string, chunk: string): string =>
    `${name} is damaged or was tampered with: ${why}${chunk}; it was not saved`,
  fileGone: (name: string): string => `${name}: gone: the push was deleted, or its files are no longer kept`,
  windowClosed: (name: string, code: string): string =>
    `${name}: the download window of this reveal has closed (${code})`,
  downloadConnectionLost: (name: string, origin: string, why: string): string =>
    `${name}: the connection to ${origin} was lost while downloading: ${why}`,
  cannotWrite: (name: string, where: string, why: string): string => `${name}: cannot write to ${where}: ${why}`,
  decryptionStopped: (name: string, why: string): string => `${name}: decryption stopped: ${why}; it was not saved`,
  downloadCancelled: (name: string): string => `${name}: cancelled (Ctrl-C) while downloading; it was not saved`,
  fileFailure: (name: string, why: string): string => `${name}: ${why}`,
  stdout: 'stdout',
  downloading: 'Downloading',
  saving: (files: string, dir: string): string => `Saving ${files} to ${dir}:`,
  renamed: (from: string, to: string): string => `${from} → ${to}`,
  savingFile: (name: string, size: string): string => `  ${name} (${size})`,
  cannotCreateFile: (name: string, where: string, code: string): string =>
    `${name}: cannot create a file in ${where} (${code})`,
  savedAs: (name: string, where: string, used: string): string =>
    `  ${name} exists in ${where}: saved as ${used} instead`,
  cannotSave: (name: string, where: string, code: string): string => `${name}: cannot save it in ${where} (${code})`,
  stdoutIncomplete: '; what was written to stdout is incomplete and must not be used',
  savedOf: (saved: number, files: string, where: string): string =>
    `; ${saved} of ${files} saved in ${where} (this used a view)`,
  filesFailed: (count: number, tail: string): string => `${count} files failed${tail}`,

  attemptLeft: '1 attempt left: a wrong passphrase now destroys the secret.',
  attemptsLeft: (left: number): string =>
    `${left} attempts left: each wrong passphrase is counted by the server, and the secret is destroyed after the last.`,
  unknownKdf: (why: string): string =>
    `this secret's passphrase uses a format this zkpush does not know (${why}): update it`,
  refusedKdf: (origin: string, why: string): string =>
    `refusing the passphrase parameters ${origin} sent (${why}): a conforming server never sends them (no view was used)`,
  lockedNoTerminal:
    'this secret is locked with a passphrase and there is no terminal to ask on: ' +
    'use --passphrase-env VAR or --passphrase-file FILE (no view or attempt was used)',
  passphrasePrompt: 'Passphrase: ',
  lockedIntro: (attempts: string): string => `This secret is locked with a passphrase. ${attempts}\n`,
  lastAttemptUsed: (gone: string): string => `${gone} (that wrong passphrase was the last attempt)`,
  wrongPassphraseLeft: (attempts: string): string => `wrong passphrase (no view was used); ${attempts}`,
  wrongPassphraseAgain: (attempts: string): string => `Wrong passphrase. ${attempts}\n`,

  outputIsDirectory: (path: string): string => `-o ${path} is a directory`,
  outputExists: (path: string): string => `${path} already exists (use --force to replace it)`,
  cannotCreate: (path: string, code: string): string => `cannot create ${path}: ${code}`,
  cannotWriteFile: (path: string, code: string): string => `cannot write ${path}: ${code}`,
  unknownError: 'unknown error',
} as const;
