/**
 * Where `delete` and `events` get the owner token `zkpush push` printed: `--owner-token-file FILE`
 * (`-` reads stdin) or `--owner-token TOKEN`, else `ZKPUSH_OWNER_TOKEN`. A flag wins over the variable,
 * as everywhere in the CLI. `--owner-token` exists but puts the token in argv (visible in `ps` and
 * shell history), so the docs never show it. The token cannot open
 * the secret, but it can end it and read who opened it: messages never echo it or the file's content.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import { encodedLength, fromBase64url } from '@zkpush/shared/base64url';
import { OWNER_TOKEN_BYTES } from '@zkpush/shared/schemas';
import { argsMessages as m } from './messages.ts';
import type { Parsed } from './parse.ts';
import type { Context } from '../runtime/context.ts';
import { EXIT, fail } from '../runtime/exit-codes.ts';
import { readTokenSource, type TokenSourceMessages } from './token-source.ts';

export const OWNER_TOKEN_OPTIONS = {
  'owner-token': { type: 'string' },
  'owner-token-file': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

type OwnerTokenFlags = { 'owner-token'?: string | undefined; 'owner-token-file'?: string | undefined };

const SOURCE_MESSAGES: TokenSourceMessages = {
  stdinTooLarge: m.tokenStdinTooLarge,
  fileUnreadable: m.tokenFileUnreadable,
  fileTooLarge: m.tokenFileTooLarge,
  fileNotText: m.tokenFileNotText,
  twice: m.tokenTwice,
  unreadable: m.tokenUnreadable,
};

const usage = (message: string) => ({ kind: 'fail', failure: fail(EXIT.usage, message) }) as const;

/** The token, checked for shape (43 base64url characters) before any request; `command` names the caller. */
export async function resolveOwnerToken(
  flags: OwnerTokenFlags,
  ctx: Context,
  command: string,
): Promise<Parsed<string>> {
  const source = { file: flags['owner-token-file'], argv: flags['owner-token'], env: ctx.env['ZKPUSH_OWNER_TOKEN'] };
  const read = await readTokenSource(source, ctx, SOURCE_MESSAGES);
  if (read.kind === 'fail') return read;
  if (read.value === undefined) return usage(m.tokenMissing(command));
  const token = read.value;
  if (fromBase64url(token)?.length !== OWNER_TOKEN_BYTES) {
    const message = m.tokenShape(encodedLength(OWNER_TOKEN_BYTES));
    return { kind: 'fail', failure: fail(EXIT.unauthorized, message) };
  }
  return { kind: 'ok', value: token };
}
