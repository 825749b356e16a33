/**
 * The API token (issue 12 §3) for servers that let only signed-in people or tokens create:
 * `--token-file FILE` (`-` reads stdin), `--token TOKEN`, else `ZKPUSH_TOKEN`. A flag wins over the
 * variable. `--token` puts the token in argv (visible in `ps` and shell history), so the docs never
 * show it. The token is sent as `Authorization: Bearer …` on requests that carry no other credential
 * (an owner or upload token keeps its place); no message ever echoes it or the file's content.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ParseArgsOptionsConfig } from 'node:util';
import type { FetchLike } from '@zkpush/shared/api-client';
import { argsMessages as m } from './messages.ts';
import type { Parsed } from './parse.ts';
import type { Context } from '../runtime/context.ts';
import { EXIT, fail } from '../runtime/exit-codes.ts';
import { decodeUtf8, readAll } from '../runtime/io.ts';

export const API_TOKEN_OPTIONS = {
  token: { type: 'string' },
  'token-file': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

type ApiTokenFlags = { token?: string | undefined; 'token-file'?: string | undefined };

const MAX_FILE_BYTES = 1024;
/** As the server issues them (@zkpush/shared/auth-schemas API_TOKEN_PREFIX + 43 base64url characters). */
const API_TOKEN = /^zkpush\.[A-Za-z0-9_-]{43}$/;

const usage = (message: string) => ({ kind: 'fail', failure: fail(EXIT.usage, message) }) as const;

async function readTokenFile(path: string, ctx: Context): Promise<Parsed<string>> {
  let bytes: Uint8Array;
  if (path === '-') {
    const read = await readAll(ctx.stdin.stream, MAX_FILE_BYTES);
    if (read.kind === 'too_large') return usage(m.apiTokenStdinTooLarge(MAX_FILE_BYTES));
    bytes = read.bytes;
  } else {
    try {
      bytes = await readFile(resolve(ctx.cwd, path));
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : m.tokenUnreadable;
      return usage(m.apiTokenFileUnreadable(path, code));
    }
    if (bytes.length > MAX_FILE_BYTES) return usage(m.apiTokenFileTooLarge(path, MAX_FILE_BYTES));
  }
  const text = decodeUtf8(bytes);
  return text === null ? usage(m.apiTokenFileNotText) : { kind: 'ok', value: text };
}

/** The API token if one was given (undefined if none), checked for shape before any request. */
export async function resolveApiToken(flags: ApiTokenFlags, ctx: Context): Promise<Parsed<string | undefined>> {
  const file = flags['token-file'];
  const argv = flags.token;
  if (file !== undefined && argv !== undefined) return usage(m.apiTokenTwice);
  const fromEnv = ctx.env['ZKPUSH_TOKEN'] === '' ? undefined : ctx.env['ZKPUSH_TOKEN'];
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
    return { kind: 'ok', value: undefined };
  }
  const token = raw.trim();
  if (!API_TOKEN.test(token)) return { kind: 'fail', failure: fail(EXIT.signInRequired, m.apiTokenShape) };
  return { kind: 'ok', value: token };
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
