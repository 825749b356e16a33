/**
 * Argument parsing shared by the commands: node:util parseArgs in strict mode, turned into tagged
 * results, plus the value parsers for options several commands have (--server, --views, --expires).
 * Every message names the option; none echoes a link (runtime/report.ts also redacts fragments as a last line).
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { parseDuration } from '@zkpush/shared/expiry';
import { prepareArgs } from './dash-args.ts';
import { EXIT, fail, type Failure } from '../runtime/exit-codes.ts';

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
  if (!(err instanceof Error)) return 'cannot parse the arguments';
  if (!('code' in err) || err.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return err.message;
  const name = /^Unknown option '([^']*)'/.exec(err.message)?.[1];
  if (name !== undefined && OPTION_NAME.test(name)) return err.message;
  return 'an argument starting with "-" is not a known option (a positional argument starting with "-" goes after "--")';
}

/** Refuses more positional arguments than the command takes. */
export function checkPositionals(positionals: readonly string[], max: number, command: string): Failure | null {
  if (positionals.length <= max) return null;
  const takes = max === 0 ? 'no arguments' : max === 1 ? 'one argument' : `${max} arguments`;
  // Do not echo the extra arguments: one of them may be a link or a secret.
  return fail(EXIT.usage, `${command} takes ${takes}, got ${positionals.length} (see zkpush ${command} --help)`);
}

/**
 * The server's origin from --server, else ZKPUSH_SERVER, else the local default. Links are
 * `<origin>/s/<id>` and the API lives at `<origin>/api/v1`, so a path prefix cannot work: refuse it.
 */
export function resolveServer(flag: string | undefined, env: Readonly<Record<string, string | undefined>>) {
  const fromEnv = env['ZKPUSH_SERVER'] === '' ? undefined : env['ZKPUSH_SERVER'];
  const source = flag !== undefined ? '--server' : fromEnv !== undefined ? 'ZKPUSH_SERVER' : 'default';
  const text = flag ?? fromEnv ?? DEFAULT_SERVER;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return usage(`${source} must be a URL like https://push.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return usage(`${source} must be an http(s) URL`);
  if (url.username || url.password) return usage(`${source} must not contain credentials`);
  if (url.pathname !== '/' || url.search || url.hash) {
    return usage(`${source} must be an origin only (scheme://host[:port]), without a path`);
  }
  return { kind: 'ok', value: url.origin } as const;
}

/** --views: a whole number; the range check against the server's config happens later. */
export function parseViews(text: string): Parsed<number> {
  if (!/^\d{1,9}$/.test(text.trim())) return usage('--views must be a whole number, like 1 or 3');
  return { kind: 'ok', value: Number(text.trim()) };
}

/** --expires: "30m", "1h", "7d", "1h30m" or seconds (shared/expiry parseDuration). */
export function parseExpires(text: string): Parsed<number> {
  const parsed = parseDuration(text);
  if (parsed.kind === 'invalid') return usage(`--expires: ${parsed.message}`);
  return { kind: 'ok', value: parsed.seconds };
}
