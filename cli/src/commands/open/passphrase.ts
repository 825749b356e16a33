/**
 * The reveal of a push locked with a passphrase (docs/wire-format.md §11.4, docs/api.md reveal):
 * refuse KDF parameters outside the accepted bounds before running anything (a hostile server could
 * ask for cheap ones to weaken passProof, or huge ones to hang us), get the passphrase, derive P with
 * the shared derivePassKey, and send keyProof and passProof. Every wrong passphrase is an attempt the
 * server counts; the one that uses the last destroys the push. On a terminal a wrong passphrase is
 * asked again — while attempts are left, and unless --no-retry — and the prompt says that each try
 * counts. Nothing is sent before a passphrase is in hand: without one, no view and no attempt is used.
 */
import type { ApiClient } from '@zkpush/shared/api-client';
import { checkKdfParams, type BadKdf, type KdfParams } from '@zkpush/shared/kdf-params';
import { derivePassKey } from '@zkpush/shared/passphrase';
import { proofsFor } from '@zkpush/shared/push';
import type { RevealResponse, SecretMeta } from '@zkpush/shared/schemas';
import type { Parsed } from '../../args/parse.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, failureFromApi, goneMessage, type Failure } from '../../runtime/exit-codes.ts';
import { runtimeMessages } from '../../runtime/messages.ts';
import { openMessages as m } from './messages.ts';
import { kdfProgress } from '../../terminal/kdf-progress.ts';
import { argsMessages } from '../../args/messages.ts';
import { promptPassphrase, readPassphrase, type PassphraseSource } from '../../args/passphrase.ts';
import { printable } from '../../terminal/terminal-text.ts';
import type { Terminal } from '../../terminal/terminal.ts';

/** The metadata's `passphrase` member: public KDF parameters and the attempts the server has left. */
type PassphraseLock = NonNullable<SecretMeta['passphrase']>;
type Unlocked = { revealed: RevealResponse; passKey: Uint8Array };

interface UnlockOptions {
  api: ApiClient;
  origin: string;
  id: string;
  linkKey: Uint8Array;
  lock: PassphraseLock;
  source: PassphraseSource;
  retry: boolean;
  quiet: boolean;
}

const failed = (failure: Failure): { kind: 'fail'; failure: Failure } => ({ kind: 'fail', failure });

/** "4 attempts left", and what a wrong one costs. */
function attemptsLeftText(left: number): string {
  return left === 1 ? m.attemptLeft : m.attemptsLeft(left);
}

function badKdfFailure(bad: BadKdf, origin: string): Failure {
  const why = printable(bad.message);
  if (bad.problem === 'unsupported') {
    return fail(EXIT.other, m.unknownKdf(why));
  }
  return fail(EXIT.server, m.refusedKdf(origin, why));
}

/** How the passphrase is asked: on a terminal (again after a wrong one), or read once from env/file. */
type Asker = { terminal: Terminal | null; next(): Promise<Parsed<string>> };

function asker(ctx: Context, source: PassphraseSource): Parsed<Asker> {
  if (source.kind === 'env' || source.kind === 'file') {
    return { kind: 'ok', value: { terminal: null, next: () => readPassphrase(source, ctx) } };
  }
  const terminal = ctx.openTerminal();
  if (terminal === null) {
    const message = source.kind === 'prompt' ? argsMessages.noTerminal : m.lockedNoTerminal;
    return failed(fail(EXIT.usage, message));
  }
  return { kind: 'ok', value: { terminal, next: () => promptPassphrase(terminal, m.passphrasePrompt) } };
}

/** Derives P, with a percentage on stderr for a person watching. */
async function passKeyFor(passphrase: string, kdf: KdfParams, ctx: Context, quiet: boolean) {
  const progress = kdfProgress(ctx, quiet);
  try {
    return await derivePassKey(passphrase, kdf, progress.onProgress ? { onProgress: progress.onProgress } : {});
  } finally {
    progress.done();
  }
}

export async function revealWithPassphrase(ctx: Context, options: UnlockOptions): Promise<Parsed<Unlocked>> {
  const { api, origin, id, linkKey, lock } = options;
  const checked = checkKdfParams(lock.kdf);
  if (checked.kind !== 'ok') return failed(badKdfFailure(checked, origin));
  if (lock.attemptsLeft <= 0) return failed(fail(EXIT.gone, goneMessage('locked')));
  const ask = asker(ctx, options.source);
  if (ask.kind === 'fail') return ask;
  const { terminal } = ask.value;
  try {
    terminal?.write(m.lockedIntro(attemptsLeftText(lock.attemptsLeft)));
    for (;;) {
      const passphrase = await ask.value.next();
      if (passphrase.kind === 'fail') return passphrase;
      const derived = await passKeyFor(passphrase.value, lock.kdf, ctx, options.quiet);
      if (derived.kind !== 'ok') return failed(badKdfFailure(derived, origin));
      const revealed = await api.reveal(id, proofsFor(linkKey, derived.passKey));
      if (revealed.kind === 'ok') return { kind: 'ok', value: { revealed: revealed.value, passKey: derived.passKey } };
      derived.passKey.fill(0);
      if (revealed.kind !== 'error' || revealed.code !== 'wrong_passphrase') {
        return failed(failureFromApi(revealed, origin));
      }
      const left = revealed.attemptsLeft;
      if (left === undefined) return failed(fail(EXIT.wrongPassphrase, runtimeMessages.wrongPassphrase));
      if (left <= 0) return failed(fail(EXIT.gone, m.lastAttemptUsed(goneMessage('locked'))));
      if (terminal === null || !options.retry) {
        return failed(fail(EXIT.wrongPassphrase, m.wrongPassphraseLeft(attemptsLeftText(left))));
      }
      terminal.write(m.wrongPassphraseAgain(attemptsLeftText(left)));
    }
  } finally {
    terminal?.close();
  }
}
