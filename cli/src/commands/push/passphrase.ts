/**
 * The passphrase half of `zkpush push`: getting the passphrase (asked twice on the terminal, or from
 * --passphrase-env / --passphrase-file) and sealing with it through the shared sealTextWithPassphrase —
 * a fresh salt, Argon2id at the Context's cost (KDF_DEFAULT_COST), IKM = K ‖ P (docs/wire-format.md
 * §11.4) — with progress on stderr for a person watching. The shared code zeroes P after sealing.
 */
import { sealTextWithPassphrase, type SealedPassphrasePush } from '@zkpush/shared/push';
import type { Parsed } from '../../args/parse.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail } from '../../runtime/exit-codes.ts';
import { pushMessages } from './messages.ts';
import { kdfProgress } from '../../terminal/kdf-progress.ts';
import { argsMessages } from '../../args/messages.ts';
import { promptPassphrase, readPassphrase, type PassphraseSource } from '../../args/passphrase.ts';

/** The passphrase the flags ask for, or null for a push without one. */
export async function getPushPassphrase(source: PassphraseSource, ctx: Context): Promise<Parsed<string | null>> {
  if (source.kind === 'none') return { kind: 'ok', value: null };
  if (source.kind !== 'prompt') return readPassphrase(source, ctx);
  const terminal = ctx.openTerminal();
  if (terminal === null) return { kind: 'fail', failure: fail(EXIT.usage, argsMessages.noTerminal) };
  try {
    return await promptPassphrase(terminal, pushMessages.passphrasePrompt, { confirm: true });
  } finally {
    terminal.close();
  }
}

/** Argon2id at the Context's cost, then the seal. Throws EnvelopeTooLargeError like sealText. */
export async function sealLocked(
  text: string,
  passphrase: string,
  ctx: Context,
  options: { maxEnvelopeBytes: number; quiet: boolean },
): Promise<SealedPassphrasePush> {
  const progress = kdfProgress(ctx, options.quiet);
  try {
    return await sealTextWithPassphrase(text, passphrase, {
      cost: ctx.passphraseCost,
      maxEnvelopeBytes: options.maxEnvelopeBytes,
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
  } finally {
    progress.done();
  }
}
