/**
 * Where a token the CLI sends comes from — the owner token (owner-token.ts) and the API token
 * (api-token.ts) alike: `--X-file FILE` (`-` reads stdin), `--X TOKEN`, else an environment variable.
 * A flag wins over the variable; both flags at once is a usage error. The file is read whole but at
 * most 1 KiB (a token plus a newline; anything larger is surely the wrong file), must be UTF-8, and no
 * message ever echoes its content.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Parsed } from './parse.ts';
import type { Context } from '../runtime/context.ts';
import { EXIT, fail } from '../runtime/exit-codes.ts';
import { decodeUtf8, readAll } from '../runtime/io.ts';

/** What each kind of token says when its source is wrong (it names its own flags). */
export type TokenSourceMessages = Readonly<{
  stdinTooLarge: (max: number) => string;
  fileUnreadable: (path: string, reason: string) => string;
  fileTooLarge: (path: string, max: number) => string;
  fileNotText: string;
  twice: string;
  /** The reason when the file system gives no error code. */
  unreadable: string;
}>;

export type TokenSource = Readonly<{ file: string | undefined; argv: string | undefined; env: string | undefined }>;

const MAX_FILE_BYTES = 1024;

const usage = (message: string) => ({ kind: 'fail', failure: fail(EXIT.usage, message) }) as const;

async function readTokenFile(path: string, ctx: Context, m: TokenSourceMessages): Promise<Parsed<string>> {
  let bytes: Uint8Array;
  if (path === '-') {
    const read = await readAll(ctx.stdin.stream, MAX_FILE_BYTES);
    if (read.kind === 'too_large') return usage(m.stdinTooLarge(MAX_FILE_BYTES));
    bytes = read.bytes;
  } else {
    try {
      bytes = await readFile(resolve(ctx.cwd, path));
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : m.unreadable;
      return usage(m.fileUnreadable(path, code));
    }
    if (bytes.length > MAX_FILE_BYTES) return usage(m.fileTooLarge(path, MAX_FILE_BYTES));
  }
  const text = decodeUtf8(bytes);
  return text === null ? usage(m.fileNotText) : { kind: 'ok', value: text };
}

/**
 * The token as given, trimmed (`jq -r … > token` and editors add a newline; whitespace is never part
 * of a token); undefined when no source names one. An empty variable counts as unset.
 */
export async function readTokenSource(
  source: TokenSource,
  ctx: Context,
  m: TokenSourceMessages,
): Promise<Parsed<string | undefined>> {
  if (source.file !== undefined && source.argv !== undefined) return usage(m.twice);
  if (source.file !== undefined) {
    const read = await readTokenFile(source.file, ctx, m);
    return read.kind === 'fail' ? read : { kind: 'ok', value: read.value.trim() };
  }
  const raw = source.argv ?? (source.env === '' ? undefined : source.env);
  return { kind: 'ok', value: raw?.trim() };
}
