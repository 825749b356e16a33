/**
 * Extension point for passphrases (issue 3). `push` and `open` already accept the flags so the
 * interface is fixed now; until the passphrase format lands they are refused with a usage error.
 *
 * The rule the implementation must keep: a passphrase never comes from an argv value (argv is
 * visible in `ps` and shell history). It is prompted without echo on a terminal (`--passphrase`),
 * or read from an environment variable (`--passphrase-env VAR`) or the first line of a file
 * (`--passphrase-file FILE`). `resolvePassphrase` is where that goes; callers then pass the
 * passphrase to the shared seal/open functions, and map `wrong_passphrase` to EXIT.wrongPassphrase.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import { EXIT, fail, type Failure } from './exit-codes.ts';

export const PASSPHRASE_OPTIONS = {
  passphrase: { type: 'boolean' },
  'passphrase-env': { type: 'string' },
  'passphrase-file': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

export type PassphraseFlags = {
  passphrase?: boolean | undefined;
  'passphrase-env'?: string | undefined;
  'passphrase-file'?: string | undefined;
};

export type PassphraseChoice = { kind: 'none' } | { kind: 'fail'; failure: Failure };

export function wantsPassphrase(flags: PassphraseFlags): boolean {
  return flags.passphrase === true || flags['passphrase-env'] !== undefined || flags['passphrase-file'] !== undefined;
}

/**
 * Today: no passphrase, or a clear "not yet". Later it takes the Context (env, a TTY prompt on stdin/
 * stderr) and returns `{ kind: 'ok', passphrase }`.
 */
export function resolvePassphrase(flags: PassphraseFlags): PassphraseChoice {
  if (!wantsPassphrase(flags)) return { kind: 'none' };
  return {
    kind: 'fail',
    failure: fail(EXIT.usage, 'passphrases are not supported by this version of zkpush yet'),
  };
}
