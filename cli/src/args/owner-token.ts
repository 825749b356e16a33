/**
 * Where `delete` and `events` get the owner token `zkpush push` printed: `--owner-token-file FILE`
 * (`-` reads stdin) or `--owner-token TOKEN`, else `ZKPUSH_OWNER_TOKEN`. A flag wins over the variable,
 * as everywhere in the CLI. `--owner-token` exists but puts the token in argv (visible in `ps` and
 * shell history), so the docs never show it. The token cannot open
 * the secret, but it can end it and read who opened it: messages never echo it or the file's content.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import { encodedLength, fromBase64url } from '@zkpush/shared/base64url';
import { OWNER_TOKEN_BYTES } from '@zkpush/shared/schemas';
import { argsMessages as m } from './messages.ts';
import type { Parsed } from './parse.ts';
import type { Context } from '../runtime/context.ts';
import { EXIT, fail } from '../runtime/exit-codes.ts';
import { decodeUtf8, readAll } from '../runtime/io.ts';

export const OWNER_TOKEN_OPTIONS = {
  'owner-token': { type: 'string' },
  'owner-token-file': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

type OwnerTokenFlags = { 'owner-token'?: string | undefined; 'owner-token-file'?: string | undefined };

/** Far more than a 43-character token plus a newline; a larger file is surely the wrong one. */
const MAX_FILE_BYTES = 1024;

const usage = (message: string) => ({ kind: 'fail', failure: fail(EXIT.usage, message) }) as const;

function reason(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : m.tokenUnreadable;
}

async function readTokenFile(path: string, ctx: Context): Promise<Parsed<string>> {
  let bytes: Uint8Array;
  if (path === '-') {
    const read = await readAll(ctx.stdin.stream, MAX_FILE_BYTES);
    if (read.kind === 'too_large') return usage(m.tokenStdinTooLarge(MAX_FILE_BYTES));
    bytes = read.bytes;
  } else {
    try {
      bytes = await readFile(resolve(ctx.cwd, path));
    } catch (err) {
      return usage(m.tokenFileUnreadable(path, reason(err)));
    }
    if (bytes.length > MAX_FILE_BYTES) return usage(m.tokenFileTooLarge(path, MAX_FILE_BYTES));
  }
  const text = decodeUtf8(bytes);
  if (text === null) return usage(m.tokenFileNotText);
  return { kind: 'ok', value: text };
}

/** The token, checked for shape (43 base64url characters) before any request; `command` names the caller. */
export async function resolveOwnerToken(
  flags: OwnerTokenFlags,
  ctx: Context,
  command: string,
): Promise<Parsed<string>> {
  const file = flags['owner-token-file'];
  const argv = flags['owner-token'];
  if (file !== undefined && argv !== undefined) return usage(m.tokenTwice);
  const fromEnv = ctx.env['ZKPUSH_OWNER_TOKEN'] === '' ? undefined : ctx.env['ZKPUSH_OWNER_TOKEN'];
  let raw: string;
  if (file !== undefined) {
    const read = await readTokenFile(file, ctx);
    if (read.kind === 'fail') return read;
    raw = read.value;
  } else if (argv !== undefined) {
    raw = argv;
  } else if (fromEnv !== undefined) {
    raw = fromEnv;
  } else {
    return usage(m.tokenMissing(command));
  }
  // `jq -r .ownerToken push.json > token` and editors add a newline; whitespace is never part of a token.
  const token = raw.trim();
  if (fromBase64url(token)?.length !== OWNER_TOKEN_BYTES) {
    const message = m.tokenShape(encodedLength(OWNER_TOKEN_BYTES));
    return { kind: 'fail', failure: fail(EXIT.unauthorized, message) };
  }
  return { kind: 'ok', value: token };
}
