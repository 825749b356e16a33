/** What `zkpush meta` says: its help and its messages, in one place to be translated later. */
export const META_HELP = `Usage: zkpush meta [options] <link | id>

Shows a push's public metadata: views left, creation and expiry time, and for a file push the
number of files and their padded total (all the server knows of them). Does not use a view.

Options:
      --json        print the server's metadata object as JSON
  -s, --server URL  server origin for a bare id (default: $ZKPUSH_SERVER, else
                    http://127.0.0.1:8080); a link names its own server
      --token-file FILE  API token, when the server asks for one (default: $ZKPUSH_TOKEN)
  -h, --help        show this help

Exit status 3 means there is no such push, 4 that it was viewed, expired or deleted, 11 that its
sender is still uploading its files.
`;

export const metaMessages = {
  needsTarget: 'meta needs a link or an id (see zkpush meta --help)',
} as const;
