/**
 * What argument parsing says: the usage errors of the options several commands share (--server,
 * --views, --expires, a link or id, the owner token, the passphrase), in one place to be translated
 * later. None of them echoes a link, a token or a passphrase.
 */

export const argsMessages = {
  cannotParse: 'cannot parse the arguments',
  notAnOption:
    'an argument starting with "-" is not a known option (a positional argument starting with "-" goes after "--")',
  noArguments: 'no arguments',
  oneArgument: 'one argument',
  arguments: (max: number): string => `${max} arguments`,
  /** `takes`: one of the three above. */
  tooManyArguments: (command: string, takes: string, got: number): string =>
    `${command} takes ${takes}, got ${got} (see zkpush ${command} --help)`,

  /** Where the server's origin came from when neither --server nor ZKPUSH_SERVER names it. */
  defaultServer: 'default',
  /** `source`: "--server", "ZKPUSH_SERVER" or defaultServer. */
  serverNotUrl: (source: string): string => `${source} must be a URL like https://push.example.com`,
  serverNotHttp: (source: string): string => `${source} must be an http(s) URL`,
  serverCredentials: (source: string): string => `${source} must not contain credentials`,
  serverPath: (source: string): string => `${source} must be an origin only (scheme://host[:port]), without a path`,
  viewsNotNumber: '--views must be a whole number, like 1 or 3',
  expiresInvalid: (why: string): string => `--expires: ${why}`,

  targetShape: (idChars: number): string => `expected a link (https://host/s/<id>#…) or a ${idChars}-character id`,
  linkNotHttp: 'the link must be an http(s) URL',
  linkPath: 'the link path must be /s/<id>',
  linkId: (idChars: number): string => `the id in the link must be ${idChars} base64url characters`,

  tokenStdinTooLarge: (max: number): string => `--owner-token-file: stdin is larger than ${max} bytes`,
  tokenFileUnreadable: (path: string, code: string): string => `--owner-token-file: cannot read ${path} (${code})`,
  tokenFileTooLarge: (path: string, max: number): string => `--owner-token-file: ${path} is over ${max} bytes`,
  tokenFileNotText: '--owner-token-file: the file is not text',
  tokenTwice: 'give --owner-token-file or --owner-token, not both',
  tokenMissing: (command: string): string =>
    `${command} needs the owner token: set ZKPUSH_OWNER_TOKEN or use --owner-token-file FILE`,
  tokenShape: (chars: number): string => `the owner token must be ${chars} base64url characters`,
  tokenUnreadable: 'unreadable',
  apiTokenStdinTooLarge: (max: number): string => `--token-file: stdin is larger than ${max} bytes`,
  apiTokenFileUnreadable: (path: string, code: string): string => `--token-file: cannot read ${path} (${code})`,
  apiTokenFileTooLarge: (path: string, max: number): string => `--token-file: ${path} is over ${max} bytes`,
  apiTokenFileNotText: '--token-file: the file is not text',
  apiTokenTwice: 'give --token-file or --token, not both',
  apiTokenShape: 'the API token must look like zkpush.<43 base64url characters> (as the Tokens page showed it)',

  noTerminal:
    '--passphrase asks on a terminal and there is none here: use --passphrase-env VAR or --passphrase-file FILE',
  passphraseTwice: 'use only one of --passphrase, --passphrase-env and --passphrase-file',
  passphraseEnvName: '--passphrase-env takes the name of an environment variable (letters, digits, _)',
  passphraseFileName: '--passphrase-file needs a file name',
  /** `holds`: what stdin already carries ("the secret", "the link", "the message"). */
  passphraseStdinTaken: (holds: string): string =>
    `--passphrase-file - cannot read stdin: it holds ${holds}. Use a file or --passphrase-env`,
  /** `where`: one of the passphrase… places below. */
  passphraseEmpty: (where: string): string => `the passphrase ${where} is empty`,
  passphraseNotUtf8: (where: string): string => `the passphrase ${where} is not UTF-8 text`,
  passphraseInFile: (path: string): string => `in ${path}`,
  passphraseInEnv: (name: string): string => `in ${name}`,
  passphraseOnStdin: 'on stdin',
  passphraseEntered: 'entered',
  passphraseFileUnreadable: (path: string, code: string): string => `cannot read the passphrase file ${path} (${code})`,
  passphraseFileTooLarge: (path: string): string =>
    `the passphrase file ${path} is larger than 64 KiB; put the passphrase on its first line`,
  passphraseEnvUnset: (name: string): string => `--passphrase-env: the environment variable ${name} is not set`,
  passphraseStdinTooLarge: 'the passphrase on stdin is larger than 64 KiB',
  repeatPrompt: 'Repeat the passphrase: ',
  notEntered: 'cancelled: no passphrase was entered',
  notRepeated: 'cancelled: the passphrase was not repeated',
  passphrasesDiffer: 'the two passphrases differ',
} as const;
