/**
 * Where `push` and `open` get a passphrase (docs/cli.md, "Passphrases"). Never from an argv value,
 * which `ps` and shell history show: `--passphrase` asks on the terminal without echo (twice when
 * pushing), `--passphrase-env VAR` reads an environment variable, `--passphrase-file FILE` the first
 * line of a file (`-`: stdin, unless stdin already carries the secret or the link).
 *
 * The passphrase is a JS string and cannot be wiped; buffers read from files and stdin are zeroed once
 * decoded, and no message here ever contains the passphrase itself.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { argsMessages as m } from './messages.ts';
import type { Parsed } from './parse.ts';
import type { Context } from '../runtime/context.ts';
import { EXIT, fail, type Failure } from '../runtime/exit-codes.ts';
import { readHidden } from '../terminal/hidden-prompt.ts';
import { decodeUtf8, readAll } from '../runtime/io.ts';
import type { Terminal } from '../terminal/terminal.ts';

export const PASSPHRASE_OPTIONS = {
  passphrase: { type: 'boolean' },
  'passphrase-env': { type: 'string' },
  'passphrase-file': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

type PassphraseFlags = {
  passphrase?: boolean | undefined;
  'passphrase-env'?: string | undefined;
  'passphrase-file'?: string | undefined;
};

/** `file` with path "-" is stdin. */
export type PassphraseSource =
  { kind: 'none' } | { kind: 'prompt' } | { kind: 'env'; name: string } | { kind: 'file'; path: string };

/** A passphrase file holds one line; this is plenty and keeps a wrong path (a disk image) harmless. */
export const MAX_PASSPHRASE_FILE_BYTES = 64 * 1024;

const usage = (message: string): { kind: 'fail'; failure: Failure } => ({
  kind: 'fail',
  failure: fail(EXIT.usage, message),
});

function passphraseSourceOf(flags: PassphraseFlags): PassphraseSource {
  if (flags['passphrase-env'] !== undefined) return { kind: 'env', name: flags['passphrase-env'] };
  if (flags['passphrase-file'] !== undefined) return { kind: 'file', path: flags['passphrase-file'] };
  return flags.passphrase === true ? { kind: 'prompt' } : { kind: 'none' };
}

/**
 * The one source the flags name. `stdinHolds` says what stdin already carries ("the secret", "the
 * link"), which rules out `--passphrase-file -`. Checked before any request.
 */
export function passphraseSource(flags: PassphraseFlags, stdinHolds: string | null): Parsed<PassphraseSource> {
  const given = [
    flags.passphrase === true,
    flags['passphrase-env'] !== undefined,
    flags['passphrase-file'] !== undefined,
  ];
  if (given.filter(Boolean).length > 1) {
    return usage(m.passphraseTwice);
  }
  const source = passphraseSourceOf(flags);
  if (source.kind === 'env' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(source.name)) {
    return usage(m.passphraseEnvName);
  }
  if (source.kind === 'file' && source.path === '') return usage(m.passphraseFileName);
  if (source.kind === 'file' && source.path === '-' && stdinHolds !== null) {
    return usage(m.passphraseStdinTaken(stdinHolds));
  }
  return { kind: 'ok', value: source };
}

function nonEmpty(text: string, where: string): Parsed<string> {
  if (text.length === 0) return usage(m.passphraseEmpty(where));
  return { kind: 'ok', value: text };
}

/** The first line, without its "\n" or "\r\n": a file saved by an editor ends with one. */
function firstLine(bytes: Uint8Array, where: string): Parsed<string> {
  try {
    const text = decodeUtf8(bytes);
    if (text === null) return usage(m.passphraseNotUtf8(where));
    const line = text.split('\n', 1)[0] ?? '';
    return nonEmpty(line.endsWith('\r') ? line.slice(0, -1) : line, where);
  } finally {
    bytes.fill(0);
  }
}

/** Reads at most `max` + 1 bytes, so FIFOs and `<(…)` process substitution work too. */
function readCapped(path: string, max: number): Uint8Array | 'too_large' {
  const fd = openSync(path, 'r');
  try {
    const buffer = new Uint8Array(max + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > max) {
        buffer.fill(0);
        return 'too_large';
      }
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function readPassphraseFile(path: string, cwd: string): Parsed<string> {
  let bytes: Uint8Array | 'too_large';
  try {
    bytes = readCapped(resolve(cwd, path), MAX_PASSPHRASE_FILE_BYTES);
  } catch (err) {
    const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'error';
    return usage(m.passphraseFileUnreadable(path, code));
  }
  if (bytes === 'too_large') {
    return usage(m.passphraseFileTooLarge(path));
  }
  return firstLine(bytes, m.passphraseInFile(path));
}

/** A passphrase from --passphrase-env or --passphrase-file (never a prompt). */
export async function readPassphrase(
  source: Extract<PassphraseSource, { kind: 'env' | 'file' }>,
  ctx: Context,
): Promise<Parsed<string>> {
  if (source.kind === 'env') {
    const value = ctx.env[source.name];
    if (value === undefined) return usage(m.passphraseEnvUnset(source.name));
    return nonEmpty(value, m.passphraseInEnv(source.name));
  }
  if (source.path !== '-') return readPassphraseFile(source.path, ctx.cwd);
  const read = await readAll(ctx.stdin.stream, MAX_PASSPHRASE_FILE_BYTES);
  if (read.kind === 'too_large') return usage(m.passphraseStdinTooLarge);
  return firstLine(read.bytes, m.passphraseOnStdin);
}

/**
 * Asks on the terminal without echo; with `confirm`, a second time, and both must match. Ctrl-C or
 * end of input cancels (exit 2).
 */
export async function promptPassphrase(
  terminal: Terminal,
  question: string,
  options: { confirm?: boolean } = {},
): Promise<Parsed<string>> {
  const first = await readHidden(terminal, question);
  if (first.kind === 'cancelled') return usage(m.notEntered);
  const entered = nonEmpty(first.text, m.passphraseEntered);
  if (entered.kind === 'fail' || !options.confirm) return entered;
  const again = await readHidden(terminal, m.repeatPrompt);
  if (again.kind === 'cancelled') return usage(m.notRepeated);
  // Compared as they will be hashed (NFC, wire-format §11.1): the same passphrase from two input methods.
  if (again.text.normalize('NFC') !== first.text.normalize('NFC')) return usage(m.passphrasesDiffer);
  return entered;
}
