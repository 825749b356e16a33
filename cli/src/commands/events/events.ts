/**
 * `zkpush events <link-or-id>`: the creator reads a push's audit trail with the owner token (every
 * page of GET /api/v1/secrets/:id/events). The trail is this command's output, so it goes to stdout:
 * a table, or with --json one object. Reading it uses no view and records nothing (docs/api.md).
 */
import { defineCommand, type CommandArgs, type Outcome } from '../../args/define-command.ts';
import { COMMON_OPTIONS } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { formatTrail } from './table.ts';
import { fetchTrail } from './trail.ts';
import { EXIT, fail, failureFromApi } from '../../runtime/exit-codes.ts';
import { OWNER_TOKEN_OPTIONS, resolveOwnerToken } from '../../args/owner-token.ts';
import { parseTarget, targetOrigin } from '../../args/target.ts';
import { terminalJson } from '../../terminal/terminal-text.ts';

const EVENTS_HELP = `Usage: zkpush events [options] <link | id>

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
  -h, --help                   show this help

Exit status 3 means there is no such push (or its trail has expired), 10 that the owner token
is not this push's.

Example:
  ZKPUSH_OWNER_TOKEN="$(jq -r .ownerToken push.json)" zkpush events "$(jq -r .id push.json)"
`;

const EVENTS_OPTIONS = {
  ...COMMON_OPTIONS,
  ...OWNER_TOKEN_OPTIONS,
  json: { type: 'boolean' },
} as const;

export const runEvents = defineCommand({
  name: 'events',
  options: EVENTS_OPTIONS,
  help: EVENTS_HELP,
  positionals: 1,
  run: events,
});

async function events({ values, positionals }: CommandArgs<typeof EVENTS_OPTIONS>, ctx: Context): Promise<Outcome> {
  if (positionals[0] === undefined) {
    return { kind: 'fail', failure: fail(EXIT.usage, 'events needs a link or an id (see zkpush events --help)') };
  }
  const target = parseTarget(positionals[0]);
  if (target.kind === 'fail') return target;
  const token = await resolveOwnerToken(values, ctx, 'events');
  if (token.kind === 'fail') return token;
  const server = targetOrigin(target.value, values.server, ctx.env);
  if (server.kind === 'fail') return server;
  const origin = server.value;

  const trail = await fetchTrail(createClient(origin, ctx.fetch), target.value.id, token.value);
  if (trail.kind !== 'ok') return { kind: 'fail', failure: failureFromApi(trail, origin) };
  ctx.stdout.write(values.json ? `${terminalJson(trail.value)}\n` : formatTrail(trail.value, ctx.now()));
  return { kind: 'ok' };
}
