/**
 * `zkpush delete <link-or-id>`: expire a push now, with the owner token printed at push time. The
 * server deletes the ciphertext at once; the id then answers "gone (deleted)".
 */
import { defineCommand, type CommandArgs, type Outcome } from '../../args/define-command.ts';
import { COMMON_OPTIONS } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, failureFromApi } from '../../runtime/exit-codes.ts';
import { OWNER_TOKEN_OPTIONS, resolveOwnerToken } from '../../args/owner-token.ts';
import { note } from '../../runtime/report.ts';
import { parseTarget, targetOrigin } from '../../args/target.ts';

const DELETE_HELP = `Usage: zkpush delete [options] <link | id>

Expires a push now: the server deletes the encrypted secret and the link stops working. Needs the
owner token that "zkpush push" printed (on stderr on a terminal, or in its --json output).

Options:
      --owner-token-file FILE  read the owner token from FILE ("-": stdin)
                               (default: $ZKPUSH_OWNER_TOKEN)
      --owner-token TOKEN      the token itself; avoid: argv shows in ps and shell history
  -s, --server URL             server origin for a bare id (default: $ZKPUSH_SERVER, else
                               http://127.0.0.1:8080); a link names its own server
  -q, --quiet                  no messages on stderr
  -h, --help                   show this help

Example:
  ZKPUSH_OWNER_TOKEN="$(jq -r .ownerToken push.json)" zkpush delete "$(jq -r .id push.json)"
`;

const DELETE_OPTIONS = {
  ...COMMON_OPTIONS,
  ...OWNER_TOKEN_OPTIONS,
  quiet: { type: 'boolean', short: 'q' },
} as const;

const usage = (message: string): Outcome => ({ kind: 'fail', failure: fail(EXIT.usage, message) });

export const runDelete = defineCommand({
  name: 'delete',
  options: DELETE_OPTIONS,
  help: DELETE_HELP,
  positionals: 1,
  run: remove,
});

async function remove({ values, positionals }: CommandArgs<typeof DELETE_OPTIONS>, ctx: Context): Promise<Outcome> {
  if (positionals[0] === undefined) return usage('delete needs a link or an id (see zkpush delete --help)');
  const target = parseTarget(positionals[0]);
  if (target.kind === 'fail') return target;

  const token = await resolveOwnerToken(values, ctx, 'delete');
  if (token.kind === 'fail') return token;

  const server = targetOrigin(target.value, values.server, ctx.env);
  if (server.kind === 'fail') return server;
  const origin = server.value;
  const result = await createClient(origin, ctx.fetch).expire(target.value.id, token.value);
  if (result.kind !== 'ok') return { kind: 'fail', failure: failureFromApi(result, origin) };
  note(ctx, values.quiet, 'Deleted: the secret is gone from the server and the link no longer opens.');
  return { kind: 'ok' };
}
