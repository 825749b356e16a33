/**
 * `zkpush meta <link-or-id>`: the public metadata (views left, expiry, a file push's file count and
 * padded total). Never uses a view and never needs the key, so a bare id works. The metadata is this
 * command's output, so it goes to stdout.
 */
import { API_TOKEN_OPTIONS, contextWithApiToken, resolveApiToken } from '../../args/api-token.ts';
import { defineCommand, type CommandArgs, type Outcome } from '../../args/define-command.ts';
import { COMMON_OPTIONS } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { failureFromApi } from '../../runtime/exit-codes.ts';
import { describeMeta } from '../../terminal/summary.ts';
import { targetArgument, targetOrigin } from '../../args/target.ts';
import { META_HELP, metaMessages } from './messages.ts';

const META_OPTIONS = {
  ...COMMON_OPTIONS,
  ...API_TOKEN_OPTIONS,
  json: { type: 'boolean' },
} as const;

export const runMeta = defineCommand({
  name: 'meta',
  options: META_OPTIONS,
  help: META_HELP,
  positionals: 1,
  run: meta,
});

async function meta({ values, positionals }: CommandArgs<typeof META_OPTIONS>, ctx: Context): Promise<Outcome> {
  const target = targetArgument(positionals[0], metaMessages.needsTarget);
  if (target.kind === 'fail') return target;
  const server = targetOrigin(target.value, values.server, ctx.env);
  if (server.kind === 'fail') return server;
  const origin = server.value;
  const apiToken = await resolveApiToken(values, ctx);
  if (apiToken.kind === 'fail') return apiToken;

  const result = await createClient(origin, contextWithApiToken(ctx, apiToken.value).fetch).meta(target.value.id);
  if (result.kind !== 'ok') return { kind: 'fail', failure: failureFromApi(result, origin) };
  ctx.stdout.write(values.json ? `${JSON.stringify(result.value)}\n` : describeMeta(result.value, ctx.now()));
  return { kind: 'ok' };
}
