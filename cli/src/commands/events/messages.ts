/**
 * What `zkpush events` says: its help, its messages and the words of its table, in one place to be
 * translated later.
 */
export const EVENTS_HELP = `Usage: zkpush events [options] <link | id>

Prints a push's audit trail, oldest first: created, viewed, wrong key or passphrase attempts, and
how it ended, each with its time and - as far as the server records them (ZKPUSH_IP_LOGGING) - the
client address, referrer and user agent. Needs the owner token that "zkpush push" printed. Works
after the secret is gone, until the server's audit retention ends; uses no view.

Options:
      --json                   print one JSON object: the push's state and every event
      --owner-token-file FILE  read the owner token from FILE ("-": stdin)
                               (default: $ZKPUSH_OWNER_TOKEN)
      --owner-token TOKEN      the token itself; avoid: argv shows in ps and shell history
  -s, --server URL             server origin for a bare id (default: $ZKPUSH_SERVER, else
                               http://127.0.0.1:8080); a link names its own server
      --token-file FILE        API token, when the server asks for one (default: $ZKPUSH_TOKEN)
  -h, --help                   show this help

Exit status 3 means there is no such push (or its trail has expired), 10 that the owner token
is not this push's.

Example:
  ZKPUSH_OWNER_TOKEN="$(jq -r .ownerToken push.json)" zkpush events "$(jq -r .id push.json)"
`;

export const eventsMessages = {
  needsTarget: 'events needs a link or an id (see zkpush events --help)',
  /** Column headings of the table, in order. */
  headings: ['TIME', 'EVENT', 'IP', 'REFERRER', 'USER AGENT'],
  /** The label of the push's state above the table (the others are terminal/messages.ts labels). */
  state: 'state',
  noEvents: 'No events.',
  wrongKeys: 'wrong keys',
  /** Wrong link keys: all counted by the server, only the first and latest few listed. */
  wrongKeysCount: (count: number, omitted: number): string =>
    omitted > 0 ? `${count} (${omitted} not listed)` : `${count}`,
  cursorStuck: 'the events cursor does not advance',
} as const;
