/**
 * What `meta` and `delete` act on: a bare id, or a link (with or without its key — the key is not
 * needed and is ignored, never stored). A link also names its server.
 */
import { isSecretId, SECRET_ID_CHARS } from '@zkpush/shared/link';
import { EXIT, fail } from '../runtime/exit-codes.ts';
import { argsMessages as m } from './messages.ts';
import { resolveServer, type Parsed } from './parse.ts';

export type Target = { id: string; origin: string | undefined };

export function parseTarget(text: string): Parsed<Target> {
  const trimmed = text.trim();
  if (isSecretId(trimmed)) return { kind: 'ok', value: { id: trimmed, origin: undefined } };
  // Messages describe the shape only: the argument may be a whole link with its key.
  const usage = (message: string) => ({ kind: 'fail', failure: fail(EXIT.usage, message) }) as const;
  if (!URL.canParse(trimmed)) {
    return usage(m.targetShape(SECRET_ID_CHARS));
  }
  const url = new URL(trimmed);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return usage(m.linkNotHttp);
  const match = /^\/s\/([^/]*)$/.exec(url.pathname);
  if (!match) return usage(m.linkPath);
  const id = match[1]!;
  if (!isSecretId(id)) return usage(m.linkId(SECRET_ID_CHARS));
  return { kind: 'ok', value: { id, origin: url.origin } };
}

/** A link names its server; a bare id uses --server / ZKPUSH_SERVER / the default. --server always wins. */
/** The command's one positional argument as a target; a missing one is a usage error saying what it needs. */
export function targetArgument(positional: string | undefined, needsTarget: string): Parsed<Target> {
  if (positional === undefined) return { kind: 'fail', failure: fail(EXIT.usage, needsTarget) };
  return parseTarget(positional);
}

export function targetOrigin(
  target: Target,
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Parsed<string> {
  if (target.origin !== undefined && flag === undefined) return { kind: 'ok', value: target.origin };
  return resolveServer(flag, env);
}
