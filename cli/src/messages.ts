/**
 * What `zkpush` itself says, before any command runs: the overview --help and the words for a command
 * it does not know. One catalogue per command and feature (commands/<name>/messages.ts, args/, runtime/,
 * terminal/), so the words can be translated without touching the code.
 */

/** `zkpush --help`. */
export const mainHelp = (
  version: string,
): string => `zkpush ${version}: end-to-end encrypted, self-destructing secret links

Usage: zkpush <command> [options]

Commands:
  push [text | -]       encrypt a secret here and print a link (text from stdin by default)
  push -f FILE …        encrypt files here, upload them and print a link
  open <link | ->       reveal a secret (uses a view) and print it (link from stdin with -);
                        files are saved with -o DIR
  meta <link | id>      show views left, expiry and a file push's file count (uses no view)
  delete <link | id>    expire a push now (needs its owner token)
  events <link | id>    show a push's audit trail: who opened it, when (needs its owner token)
  serve                 run the zkpush server (zkpush serve --help lists its options)

Options:
  -h, --help            show help (also: zkpush <command> --help)
  -V, --version         print the version

Environment:
  ZKPUSH_SERVER         server origin (default http://127.0.0.1:8080)
  ZKPUSH_OWNER_TOKEN    owner token for delete and events

Exit status: 0 ok, 1 other error, 2 usage, 3 not found, 4 viewed/expired/deleted, 5 wrong key or
damaged link or file, 6 wrong passphrase, 7 network, 8 server error, 9 rate limited, 10 owner token
refused, 11 files still uploading, 130 interrupted (Ctrl-C).

Examples:
  printf '%s' "$API_TOKEN" | zkpush push --expires 1h --server https://push.example.com
  zkpush push -f ./backup.tar.gz --message "tonight's backup"
  printf '%s' "$LINK" | zkpush open - -o ./received
`;

export const mainMessages = {
  unknownOption: 'unknown option before the command',
  unknownCommand: 'unknown command',
  /** `what`: one of the two above. */
  refused: (what: string): string => `${what} (see zkpush --help)`,
  internalError: (message: string): string => `zkpush: internal error: ${message}\n`,
  unknownError: 'unknown error',
} as const;
