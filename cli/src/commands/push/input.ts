/**
 * Where `zkpush push` gets its secret: the argument, or stdin when there is none or it is `-`.
 * Stdin loses exactly one trailing line terminator unless --keep-newline (see stripOneNewline), an
 * argument is taken exactly as given. A file push's note comes from --message or --message-file
 * (readMessage, same rules); its files are looked at in file-inputs.ts.
 */
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail } from '../../runtime/exit-codes.ts';
import { decodeUtf8, readAll, stripOneNewline } from '../../runtime/io.ts';
import type { Parsed } from '../../args/parse.ts';
import { note } from '../../runtime/report.ts';
import { pushMessages as m } from './messages.ts';

type SecretSource = 'argument' | 'stdin';
type SecretInput = { text: string; source: SecretSource };

export interface InputOptions {
  /** The positional argument, if any. */
  argument: string | undefined;
  keepNewline: boolean;
  /** Stop reading stdin past this many bytes (the server's envelope limit: the text is always smaller). */
  maxBytes: number;
  quiet: boolean;
}

export async function readSecret(options: InputOptions, ctx: Context): Promise<Parsed<SecretInput>> {
  let text: string;
  let source: SecretSource;
  if (options.argument !== undefined && options.argument !== '-') {
    text = options.argument;
    source = 'argument';
  } else {
    if (ctx.stdin.isTTY) {
      note(ctx, options.quiet, m.typeTheSecret);
    }
    const read = await readAll(ctx.stdin.stream, options.maxBytes);
    if (read.kind === 'too_large') {
      const failure = fail(EXIT.usage, m.stdinTooLarge(read.maxBytes));
      return { kind: 'fail', failure };
    }
    const decoded = decodeUtf8(read.bytes);
    if (decoded === null) {
      return { kind: 'fail', failure: fail(EXIT.usage, m.stdinNotUtf8) };
    }
    text = options.keepNewline ? decoded : stripOneNewline(decoded);
    source = 'stdin';
  }
  if (text.length === 0) {
    const what = source === 'stdin' ? m.stdinName : m.argumentName;
    return { kind: 'fail', failure: fail(EXIT.usage, m.nothingToPush(what)) };
  }
  return { kind: 'ok', value: { text, source } };
}

/** Where a file push's note comes from: none, --message TEXT, or --message-file FILE ("-": stdin). */
export type MessageSource = { kind: 'none' } | { kind: 'text'; text: string } | { kind: 'file'; path: string };

const codeOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'error';

/**
 * The note of a file push, or undefined for none (an empty one is none). A file or stdin must be
 * UTF-8 and loses one trailing newline unless `keepNewline`; reading stops past `maxBytes`.
 */
export async function readMessage(
  source: MessageSource,
  options: { keepNewline: boolean; maxBytes: number },
  ctx: Context,
): Promise<Parsed<string | undefined>> {
  const usage = (message: string) => ({ kind: 'fail', failure: fail(EXIT.usage, message) }) as const;
  if (source.kind === 'none') return { kind: 'ok', value: undefined };
  if (source.kind === 'text') return { kind: 'ok', value: source.text === '' ? undefined : source.text };
  const where = source.path === '-' ? m.stdinName : source.path;
  let read: Awaited<ReturnType<typeof readAll>>;
  try {
    const stream = source.path === '-' ? ctx.stdin.stream : createReadStream(resolve(ctx.cwd, source.path));
    read = await readAll(stream, options.maxBytes);
  } catch (err) {
    return usage(m.messageFileUnreadable(where, codeOf(err)));
  }
  if (read.kind === 'too_large') return usage(m.messageFileTooLarge(where));
  const text = decodeUtf8(read.bytes);
  if (text === null) return usage(m.messageFileNotUtf8(where));
  const message = options.keepNewline ? text : stripOneNewline(text);
  return { kind: 'ok', value: message === '' ? undefined : message };
}
