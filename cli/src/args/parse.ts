/**
 * Argument parsing shared by the commands: node:util parseArgs in strict mode, turned into tagged
 * results, plus the value parsers for options several commands have (--server, --views, --expires).
 * Every message names the option; none echoes a link (runtime/report.ts also redacts fragments as a last line).
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { parseDuration } from '@zkpush/shared/expiry';
import { prepareArgs } from './dash-args.ts';
import { EXIT, fail, type Failure } from '../runtime/exit-codes.ts';
import { argsMessages as m } from './messages.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:8080';

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  server: { type: 'string', short: 's' },
} as const satisfies ParseArgsOptionsConfig;

export type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'fail'; failure: Failure };

const usage = (message: string): { kind: 'fail'; failure: Failure } => ({
  kind: 'fail',
  failure: fail(EXIT.usage, message),
});

export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(args: readonly string[], options: O) {
  try {
    const prepared = prepareArgs(args, options);
    const { values, positionals } = parseArgs({ args: prepared.args, options, allowPositionals: true, strict: true });
    return { kind: 'ok', value: { values, positionals: prepared.restore(positionals) } } as const;
  } catch (err) {
    return usage(parseError(err));
  }
}

/** What an option name looks like; anything else after a "-" may be a secret and is not echoed. */
const OPTION_NAME = /^(?:-[A-Za-z0-9]|--[A-Za-z0-9][A-Za-z0-9-]{0,39})$/;

/**
 * parseArgs' message, except for an unknown "option" that does not look like one: that message quotes
 * the whole argument twice, and `zkpush push "-----BEGIN PRIVATE KEY-----…"` would
 * otherwise print the secret to stderr (a terminal recording, a CI log).
 */
function parseError(err: unknown): string {
  if (!(err instanceof Error)) return m.cannotParse;
  if (!('code' in err) || err.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return err.message;
  const name = /^Unknown option '([^']*)'/.exec(err.message)?.[1];
  if (name !== undefined && OPTION_NAME.test(name)) return err.message;
  return m.notAnOption;
}

/** Refuses more positional arguments than the command takes. */
export function checkPositionals(positionals: readonly string[], max: number, command: string): Failure | null {
  if (positionals.length <= max) return null;
  const takes = max === 0 ? m.noArguments : max === 1 ? m.oneArgument : m.arguments(max);
  // Do not echo the extra arguments: one of them may be a link or a secret.
  return fail(EXIT.usage, m.tooManyArguments(command, takes, positionals.length));
}

/**
 * The server's origin from --server, else ZKPUSH_SERVER, else the local default. Links are
 * `<origin>/s/<id>` and the API lives at `<origin>/api/v1`, so a path prefix cannot work: refuse it.
 */
export function resolveServer(flag: string | undefined, env: Readonly<Record<string, string | undefined>>) {
  const fromEnv = env['ZKPUSH_SERVER'] === '' ? undefined : env['ZKPUSH_SERVER'];
  const source = flag !== undefined ? '--server' : fromEnv !== undefined ? 'ZKPUSH_SERVER' : m.defaultServer;
  const text = flag ?? fromEnv ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return usage(m.serverNotUrl(source));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return usage(m.serverNotHttp(source));
  if (url.username || url.password) return usage(m.serverCredentials(source));
  if (url.pathname !== '/' || url.search || url.hash) {
    return usage(m.serverPath(source));
  }
  return { kind: 'ok', value: url.origin } as const;
}

/** --views: a whole number; the range check against the server's config happens later. */
export function parseViews(text: string): Parsed<number> {
  if (!/^\d{1,9}$/.test(text.trim())) return usage(m.viewsNotNumber);
  return { kind: 'ok', value: Number(text.trim()) };
}

/** --expires: "30m", "1h", "7d", "1h30m" or seconds (shared/expiry parseDuration). */
export function parseExpires(text: string): Parsed<number> {
  const parsed = parseDuration(text);
  if (parsed.kind === 'invalid') return usage(m.expiresInvalid(parsed.message));
  return { kind: 'ok', value: parsed.seconds };
}
