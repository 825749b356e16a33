/**
 * An in-memory Context for running commands in-process: captured stdout/stderr, stdin from a string
 * or bytes, a chosen environment, the real fetch unless replaced, and a fixed or real clock.
 */
import type { FetchLike } from '@zkpush/shared/api-client';
import type { Context } from '../context.ts';

export interface FakeContext extends Context {
  /** Everything written to stdout, as bytes (the plaintext must come out exactly). */
  stdoutBytes(): Uint8Array;
  stdoutText(): string;
  stderrText(): string;
}

export interface FakeOptions {
  env?: Record<string, string | undefined>;
  stdin?: string | Uint8Array | (string | Uint8Array)[];
  stdinTTY?: boolean;
  stdoutTTY?: boolean;
  stderrTTY?: boolean;
  fetch?: FetchLike;
  now?: number;
  cwd?: string;
}

export function fakeContext(options: FakeOptions = {}): FakeContext {
  const out: Uint8Array[] = [];
  const err: string[] = [];
  const encoder = new TextEncoder();
  const input = options.stdin ?? [];
  const chunks = Array.isArray(input) ? input : [input];
  async function* stream(): AsyncGenerator<Uint8Array | string> {
    for (const chunk of chunks) yield chunk;
  }
  return {
    env: options.env ?? {},
    stdin: { isTTY: options.stdinTTY ?? false, stream: stream() },
    stdout: {
      isTTY: options.stdoutTTY ?? false,
      write: (chunk) => void out.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk),
    },
    stderr: {
      isTTY: options.stderrTTY ?? false,
      write: (chunk) => void err.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)),
    },
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: () => options.now ?? Date.now(),
    cwd: options.cwd ?? process.cwd(),
    stdoutBytes: () => new Uint8Array(Buffer.concat(out)),
    stdoutText: () => Buffer.concat(out).toString('utf8'),
    stderrText: () => err.join(''),
  };
}

/** A fetch that answers every request with one JSON response (status, body, headers). */
export function cannedFetch(status: number, body: unknown, headers: Record<string, string> = {}): FetchLike {
  return () =>
    Promise.resolve(
      new Response(body === null ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json', ...headers },
      }),
    );
}
