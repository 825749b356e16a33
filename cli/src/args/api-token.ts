/**
 * The API token (issue 12 §3) for servers that let only signed-in people or tokens create:
 * `--token-file FILE` (`-` reads stdin), `--token TOKEN`, else `ZKPUSH_TOKEN`. A flag wins over the
 * variable. `--token` puts the token in argv (visible in `ps` and shell history), so the docs never
 * show it. The token is sent as `Authorization: Bearer …` on requests that carry no other credential
 * (an owner or upload token keeps its place); no message ever echoes it or the file's content.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import type { FetchLike } from '@zkpush/shared/api-client';
import { argsMessages as m } from './messages.ts';
import type { Parsed } from './parse.ts';
import type { Context } from '../runtime/context.ts';
import { EXIT, fail } from '../runtime/exit-codes.ts';
import { readTokenSource, type TokenSourceMessages } from './token-source.ts';

export const API_TOKEN_OPTIONS = {
  token: { type: 'string' },
  'token-file': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

type ApiTokenFlags = { token?: string | undefined; 'token-file'?: string | undefined };

/** As the server issues them (@zkpush/shared/auth-schemas API_TOKEN_PREFIX + 43 base64url characters). */
const API_TOKEN = /^zkpush\.[A-Za-z0-9_-]{43}$/;

const SOURCE_MESSAGES: TokenSourceMessages = {
  stdinTooLarge: m.apiTokenStdinTooLarge,
  fileUnreadable: m.apiTokenFileUnreadable,
  fileTooLarge: m.apiTokenFileTooLarge,
  fileNotText: m.apiTokenFileNotText,
  twice: m.apiTokenTwice,
  unreadable: m.tokenUnreadable,
};

/** The API token if one was given (undefined if none), checked for shape before any request. */
export async function resolveApiToken(flags: ApiTokenFlags, ctx: Context): Promise<Parsed<string | undefined>> {
  const source = { file: flags['token-file'], argv: flags.token, env: ctx.env['ZKPUSH_TOKEN'] };
  const read = await readTokenSource(source, ctx, SOURCE_MESSAGES);
  if (read.kind === 'fail' || read.value === undefined) return read;
  if (!API_TOKEN.test(read.value)) return { kind: 'fail', failure: fail(EXIT.signInRequired, m.apiTokenShape) };
  return read;
}

/** `fetch` that sends the API token on every request that has no Authorization of its own. */
export function withApiToken(fetch: FetchLike, token: string | undefined): FetchLike {
  if (token === undefined) return fetch;
  return (input, init) => {
    const headers = new Headers(init?.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };
}

/** The command's context with the token applied to its network. */
export function contextWithApiToken(ctx: Context, token: string | undefined): Context {
  if (token === undefined) return ctx;
  const fetch = withApiToken(ctx.fetch, token);
  return new Proxy(ctx, {
    get: (target, key, receiver) => (key === 'fetch' ? fetch : Reflect.get(target, key, receiver)),
  });
}
