/**
 * What `zkpush push` does the same for text and for files (push.ts, files.ts): options checked
 * against the server's /api/v1/config bounds before anything is encrypted, and the output once the
 * push exists — only the link (or --json) on stdout, the human summary and the owner-token hand-over
 * on stderr (docs/cli.md, "The owner token").
 */
import { checkRange, formatDuration } from '@zkpush/shared/expiry';
import type { ServerConfig } from '@zkpush/shared/schemas';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, type Failure } from '../../runtime/exit-codes.ts';
import type { PassphraseSource } from '../../args/passphrase.ts';
import { note } from '../../runtime/report.ts';
import { describeCreated } from '../../terminal/summary.ts';
import { pushMessages as m } from './messages.ts';

/** Checks --views/--expires against the server's bounds; the message names the allowed range. */
export function checkBounds(
  config: ServerConfig,
  views: number | undefined,
  expiresIn: number | undefined,
): Failure | null {
  if (views !== undefined && checkRange('--views', views, config.views).kind === 'out_of_range') {
    const { min, max } = config.views;
    return fail(EXIT.usage, m.viewsOutOfRange(min, max, views));
  }
  if (expiresIn !== undefined && checkRange('--expires', expiresIn, config.expiresIn).kind === 'out_of_range') {
    const { min, max } = config.expiresIn;
    return fail(EXIT.usage, m.expiresOutOfRange(formatDuration(min), formatDuration(max), formatDuration(expiresIn)));
  }
  return null;
}

/** A passphrase option on a server that accepts none is refused before anything is asked or sent. */
export function checkPassphraseAllowed(config: ServerConfig, source: PassphraseSource): Failure | null {
  if (source.kind === 'none' || config.passphrase.allowed) return null;
  return fail(EXIT.usage, m.noPassphrases);
}

/**
 * --recipient on a server whose /api/v1/config says it has no sign-in (issue 12 §5): nobody could
 * ever open the push, so it is refused before the secret is read or encrypted. A server too old to
 * report `auth` refuses the field itself; its message is shown then (failureFromApi).
 */
export function checkRecipientAllowed(config: ServerConfig, recipient: string | undefined): Failure | null {
  if (recipient === undefined || config.auth?.mode !== 'none') return null;
  return fail(EXIT.usage, m.noSignIn);
}

/** How the creator gets the owner token without --json (docs/cli.md, "The owner token"). */
function ownerTokenNote(ownerToken: string, terminal: boolean): string {
  return terminal ? m.ownerToken(ownerToken) : m.ownerTokenHidden;
}

export type CreatedPush = { link: string; id: string; ownerToken: string; expiresAt: string; views: number };

interface CreatedOutput {
  json: boolean;
  quiet: boolean;
  /** Extra members of the --json object (a file push's declared sizes). */
  extraJson?: Record<string, unknown>;
  /** Lines after "Link opens …" (what was pushed). */
  notes?: readonly string[];
  /** The server's passphrase.maxAttempts when the push is locked with a passphrase. */
  lockedAttempts?: number;
}

export function reportCreated(ctx: Context, created: CreatedPush, output: CreatedOutput): void {
  const { link, id, ownerToken, expiresAt, views } = created;
  const { quiet } = output;
  if (output.json) {
    ctx.stdout.write(`${JSON.stringify({ link, id, ownerToken, expiresAt, views, ...output.extraJson })}\n`);
  } else {
    ctx.stdout.write(`${link}\n`);
  }
  note(ctx, quiet, describeCreated(views, expiresAt, ctx.now()));
  for (const line of output.notes ?? []) note(ctx, quiet, line);
  if (output.lockedAttempts !== undefined) {
    const tries = output.lockedAttempts;
    note(ctx, quiet, m.locked(tries));
  }
  // The token is in the JSON already. Otherwise only a terminal sees it: CI logs are read by many.
  if (!output.json) note(ctx, quiet, ownerTokenNote(ownerToken, ctx.stderr.isTTY));
}
