/**
 * `zkpush delete <link-or-id>`: expire a push now, with the owner token printed at push time. The
 * server deletes the ciphertext at once; the id then answers "gone (deleted)".
 */
import { COMMON_OPTIONS, checkPositionals, parseCommandArgs } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, failureFromApi, type Failure } from '../../runtime/exit-codes.ts';
import { OWNER_TOKEN_OPTIONS, resolveOwnerToken } from '../../args/owner-token.ts';
import { note, reportFailure } from '../../runtime/report.ts';
import { parseTarget, targetOrigin } from '../../args/target.ts';

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
  -h, --help                   show this help

Example:
  ZKPUSH_OWNER_TOKEN="$(jq -r .ownerToken push.json)" zkpush delete "$(jq -r .id push.json)"
`;

const DELETE_OPTIONS = {
  ...COMMON_OPTIONS,
  ...OWNER_TOKEN_OPTIONS,
  quiet: { type: 'boolean', short: 'q' },
} as const;

type Outcome = { kind: 'ok' } | { kind: 'fail'; failure: Failure };
const usage = (message: string): Outcome => ({ kind: 'fail', failure: fail(EXIT.usage, message) });

export async function runDelete(args: readonly string[], ctx: Context): Promise<number> {
  const outcome = await remove(args, ctx);
  return outcome.kind === 'ok' ? EXIT.ok : reportFailure(ctx, outcome.failure);
}

async function remove(args: readonly string[], ctx: Context): Promise<Outcome> {
  const parsed = parseCommandArgs(args, DELETE_OPTIONS);
  if (parsed.kind === 'fail') return parsed;
  const { values, positionals } = parsed.value;
  if (values.help) {
    ctx.stdout.write(DELETE_HELP);
    return { kind: 'ok' };
  }
  const tooMany = checkPositionals(positionals, 1, 'delete');
  if (tooMany) return { kind: 'fail', failure: tooMany };
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
