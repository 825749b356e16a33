/**
 * Argon2id takes about a second at the default cost (docs/security.md, "Passphrases"), longer on a
 * slow machine, so a person watching gets a percentage on stderr, rewritten in place and erased when
 * done. Scripts (stderr not a terminal) and --quiet get nothing: no progress bars in CI logs.
 */
import type { Context } from '../runtime/context.ts';
import { terminalMessages } from './messages.ts';

interface KdfProgress {
  /** For derivePassKey / sealTextWithPassphrase; undefined when nothing is shown. */
  readonly onProgress: ((fraction: number) => void) | undefined;
  /** Erases the progress line, if one was drawn. */
  done(): void;
}

export function kdfProgress(ctx: Pick<Context, 'stderr'>, quiet: boolean): KdfProgress {
  if (quiet || !ctx.stderr.isTTY) return { onProgress: undefined, done: () => {} };
  let drawn = false;
  return {
    onProgress: (fraction) => {
      drawn = true;
      ctx.stderr.write(`\r${terminalMessages.kdfProgress(Math.floor(fraction * 100))}`);
    },
    done: () => {
      // Carriage return, then erase to the end of the line (ECMA-48 EL).
      if (drawn) ctx.stderr.write('\r\u001b[K');
      drawn = false;
    },
  };
}
