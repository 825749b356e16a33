/**
 * Where `zkpush push` gets its secret: the argument, or stdin when there is none or it is `-`.
 * Stdin loses exactly one trailing line terminator unless --keep-newline (see stripOneNewline), an
 * argument is taken exactly as given. File pushes (issue 4) add their source here and return a
 * `files` payload beside the text one.
 */
import type { Context } from './context.ts';
import { EXIT, fail } from './exit-codes.ts';
import { decodeUtf8, readAll, stripOneNewline } from './io.ts';
import type { Parsed } from './args.ts';
import { note } from './report.ts';

export type SecretSource = 'argument' | 'stdin';
export type SecretInput = { text: string; source: SecretSource };

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
      note(ctx, options.quiet, 'Type or paste the secret, then press Enter and Ctrl-D.');
    }
    const read = await readAll(ctx.stdin.stream, options.maxBytes);
    if (read.kind === 'too_large') {
      const failure = fail(EXIT.usage, `stdin is larger than this server accepts (${read.maxBytes} bytes)`);
      return { kind: 'fail', failure };
    }
    const decoded = decodeUtf8(read.bytes);
    if (decoded === null) {
      return { kind: 'fail', failure: fail(EXIT.usage, 'stdin is not UTF-8 text; only text secrets are supported') };
    }
    text = options.keepNewline ? decoded : stripOneNewline(decoded);
    source = 'stdin';
  }
  if (text.length === 0) {
    const what = source === 'stdin' ? 'stdin' : 'the argument';
    return { kind: 'fail', failure: fail(EXIT.usage, `nothing to push: ${what} is empty`) };
  }
  return { kind: 'ok', value: { text, source } };
}
