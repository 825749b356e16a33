/**
 * Standard input and output for commands: reading a secret from stdin with a hard size cap (the
 * server's limit, so a runaway pipe cannot fill memory), strict UTF-8 decoding, and the real
 * process-backed Context.
 */
import { KDF_DEFAULT_COST } from '@zkpush/shared/kdf-params';
import type { Context } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { timeoutFetch } from './client.ts';
import { openSystemTerminal } from '../terminal/terminal.ts';

type StdinResult = { kind: 'ok'; bytes: Uint8Array } | { kind: 'too_large'; maxBytes: number };

/** Reads the whole stream, giving up as soon as it holds more than `maxBytes`. */
export async function readAll(stream: AsyncIterable<Uint8Array | string>, maxBytes: number): Promise<StdinResult> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.length;
    // Leaving the loop early destroys the stream, so the writer gets EPIPE rather than blocking.
    if (total > maxBytes) return { kind: 'too_large', maxBytes };
    chunks.push(bytes);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return { kind: 'ok', bytes: out };
}

/**
 * Strict UTF-8 (RFC 3629): invalid bytes are refused, not replaced with U+FFFD, because a secret that
 * silently changed is worse than none. A leading byte-order mark is kept: the text is pushed exactly.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Removes exactly one line terminator ("\n" or "\r\n") from the end. `echo "$TOKEN" | zkpush push` and
 * files saved by editors end with one that is not part of the secret; a second one is kept.
 */
export function stripOneNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/**
 * How long one HTTP request may go without progress — no answer yet, or no bytes of its body since the
 * last ones — before it counts as a network error (client.ts timeoutFetch).
 */
const REQUEST_TIMEOUT_MS = 60_000;

/**
 * A write function for `stream` that resolves once the stream can take more (backpressure) and rejects
 * once the stream failed — EPIPE when the reader of a pipe went away (`zkpush open -o - | head`). The
 * stream's errors are recorded here rather than left to crash the process.
 */
function streamWriter(stream: NodeJS.WritableStream): (chunk: Uint8Array) => Promise<void> {
  let broken: Error | undefined;
  const waiting = new Set<(err?: Error) => void>();
  const wake = (err?: Error): void => {
    for (const settle of waiting) settle(err);
    waiting.clear();
  };
  stream.on('error', (err: Error) => {
    broken ??= err;
    wake(err);
  });
  stream.on('drain', () => wake());
  return (chunk) =>
    new Promise((resolve, reject) => {
      if (broken) return reject(broken);
      const settle = (err?: Error): void => (err ? reject(err) : resolve());
      const ready = stream.write(chunk, (err) => {
        if (!err) return;
        broken ??= err;
        settle(err);
      });
      if (ready) resolve();
      else waiting.add(settle);
    });
}

/**
 * SIGINT for the transfer commands (Context.onInterrupt): the registered handler gets the first one;
 * a second ends the process at once, as a person pressing Ctrl-C again expects.
 */
function onSystemInterrupt(handler: () => void): () => void {
  let seen = false;
  const listener = (): void => {
    if (seen) process.exit(EXIT.interrupted);
    seen = true;
    handler();
  };
  process.on('SIGINT', listener);
  return () => void process.off('SIGINT', listener);
}

export function systemContext(): Context {
  return {
    env: process.env,
    stdin: { isTTY: process.stdin.isTTY === true, stream: process.stdin },
    stdout: {
      isTTY: process.stdout.isTTY === true,
      write: (chunk) => void process.stdout.write(chunk),
      writeAndWait: streamWriter(process.stdout),
    },
    stderr: {
      isTTY: process.stderr.isTTY === true,
      write: (chunk) => void process.stderr.write(chunk),
      get columns() {
        return process.stderr.columns;
      },
    },
    fetch: timeoutFetch(REQUEST_TIMEOUT_MS),
    now: () => Date.now(),
    cwd: process.cwd(),
    openTerminal: openSystemTerminal,
    passphraseCost: KDF_DEFAULT_COST,
    onInterrupt: onSystemInterrupt,
  };
}
