/** What `zkpush delete` says: its help and its messages, in one place to be translated later. */
export const DELETE_HELP = `Usage: zkpush delete [options] <link | id>

Expires a push now: the server deletes the encrypted secret and the link stops working. Needs the
owner token that "zkpush push" printed (on stderr on a terminal, or in its --json output).

Options:
      --owner-token-file FILE  read the owner token from FILE ("-": stdin)
                               (default: $ZKPUSH_OWNER_TOKEN)
      --owner-token TOKEN      the token itself; avoid: argv shows in ps and shell history
  -s, --server URL             server origin for a bare id (default: $ZKPUSH_SERVER, else
                               http://127.0.0.1:8080); a link names its own server
  -q, --quiet                  no messages on stderr
      --token-file FILE        API token, when the server asks for one (default: $ZKPUSH_TOKEN)
  -h, --help                   show this help

Example:
  ZKPUSH_OWNER_TOKEN="$(jq -r .ownerToken push.json)" zkpush delete "$(jq -r .id push.json)"
`;

export const deleteMessages = {
  needsTarget: 'delete needs a link or an id (see zkpush delete --help)',
  deleted: 'Deleted: the secret is gone from the server and the link no longer opens.',
} as const;
