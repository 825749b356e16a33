/**
 * `zkpush delete <link-or-id>`: expire a push now, with the owner token printed at push time. The
 * server deletes the ciphertext at once; the id then answers "gone (deleted)".
 */
import { API_TOKEN_OPTIONS, contextWithApiToken, resolveApiToken } from '../../args/api-token.ts';
import { defineCommand, type CommandArgs, type Outcome } from '../../args/define-command.ts';
import { COMMON_OPTIONS } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { failureFromApi } from '../../runtime/exit-codes.ts';
import { OWNER_TOKEN_OPTIONS, resolveOwnerToken } from '../../args/owner-token.ts';
import { note } from '../../runtime/report.ts';
import { targetArgument, targetOrigin } from '../../args/target.ts';
import { DELETE_HELP, deleteMessages } from './messages.ts';

const DELETE_OPTIONS = {
  ...COMMON_OPTIONS,
  ...OWNER_TOKEN_OPTIONS,
  ...API_TOKEN_OPTIONS,
  quiet: { type: 'boolean', short: 'q' },
} as const;

export const runDelete = defineCommand({
  name: 'delete',
  options: DELETE_OPTIONS,
  help: DELETE_HELP,
  positionals: 1,
  run: remove,
});

async function remove({ values, positionals }: CommandArgs<typeof DELETE_OPTIONS>, ctx: Context): Promise<Outcome> {
  const target = targetArgument(positionals[0], deleteMessages.needsTarget);
  if (target.kind === 'fail') return target;

  const token = await resolveOwnerToken(values, ctx, 'delete');
  if (token.kind === 'fail') return token;

  const server = targetOrigin(target.value, values.server, ctx.env);
  if (server.kind === 'fail') return server;
  const origin = server.value;
  const apiToken = await resolveApiToken(values, ctx);
  if (apiToken.kind === 'fail') return apiToken;
  const result = await createClient(origin, contextWithApiToken(ctx, apiToken.value).fetch).expire(
    target.value.id,
    token.value,
  );
  if (result.kind !== 'ok') return { kind: 'fail', failure: failureFromApi(result, origin) };
  note(ctx, values.quiet, deleteMessages.deleted);
  return { kind: 'ok' };
}
