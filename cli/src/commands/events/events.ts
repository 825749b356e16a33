/**
 * `zkpush events <link-or-id>`: the creator reads a push's audit trail with the owner token (every
 * page of GET /api/v1/secrets/:id/events). The trail is this command's output, so it goes to stdout:
 * a table, or with --json one object. Reading it uses no view and records nothing (docs/api.md).
 */
import { API_TOKEN_OPTIONS, contextWithApiToken, resolveApiToken } from '../../args/api-token.ts';
import { defineCommand, type CommandArgs, type Outcome } from '../../args/define-command.ts';
import { COMMON_OPTIONS } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { formatTrail } from './table.ts';
import { fetchTrail } from './trail.ts';
import { failureFromApi } from '../../runtime/exit-codes.ts';
import { OWNER_TOKEN_OPTIONS, resolveOwnerToken } from '../../args/owner-token.ts';
import { targetArgument, targetOrigin } from '../../args/target.ts';
import { terminalJson } from '../../terminal/terminal-text.ts';
import { EVENTS_HELP, eventsMessages } from './messages.ts';

const EVENTS_OPTIONS = {
  ...COMMON_OPTIONS,
  ...OWNER_TOKEN_OPTIONS,
  ...API_TOKEN_OPTIONS,
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
  const target = targetArgument(positionals[0], eventsMessages.needsTarget);
  if (target.kind === 'fail') return target;
  const token = await resolveOwnerToken(values, ctx, 'events');
  if (token.kind === 'fail') return token;
  const server = targetOrigin(target.value, values.server, ctx.env);
  if (server.kind === 'fail') return server;
  const origin = server.value;
  const apiToken = await resolveApiToken(values, ctx);
  if (apiToken.kind === 'fail') return apiToken;

  const trail = await fetchTrail(
    createClient(origin, contextWithApiToken(ctx, apiToken.value).fetch),
    target.value.id,
    token.value,
  );
  if (trail.kind !== 'ok') return { kind: 'fail', failure: failureFromApi(trail, origin) };
  ctx.stdout.write(values.json ? `${terminalJson(trail.value)}\n` : formatTrail(trail.value, ctx.now()));
  return { kind: 'ok' };
}
