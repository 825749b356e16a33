/**
 * What reaches stderr. Failures print as one `zkpush: …` line; notes (the human summary after a
 * push, views left after an open) are skipped with --quiet. As a last line of defence every line is
 * passed through `redactKeys`, so even a future message that carries a pasted link cannot leak the
 * key in its fragment to a terminal recording or a CI log.
 */
import type { Context } from './context.ts';
import type { Failure } from './exit-codes.ts';
import { runtimeMessages } from './messages.ts';

/** A `#` followed by something key-like (8+ base64url characters). */
const FRAGMENT = /#[A-Za-z0-9_-]{8,}/g;

export function redactKeys(text: string): string {
  return text.replace(FRAGMENT, runtimeMessages.keyRemoved);
}

/** Prints the failure and returns its exit code, so commands can `return reportFailure(ctx, f)`. */
export function reportFailure(ctx: Pick<Context, 'stderr'>, failure: Failure): number {
  ctx.stderr.write(`zkpush: ${redactKeys(failure.message)}\n`);
  return failure.exit;
}

/** A human note on stderr, unless the user asked for quiet. */
export function note(ctx: Pick<Context, 'stderr'>, quiet: boolean | undefined, text: string): void {
  if (!quiet) ctx.stderr.write(`${redactKeys(text)}\n`);
}
