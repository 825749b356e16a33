/**
 * An in-memory Context for running commands in-process: captured stdout/stderr, stdin from a string
 * or bytes, a chosen environment, the real fetch unless replaced, a fixed or real clock, no terminal
 * unless a FakeTerminal is given, and the cheapest accepted Argon2id cost for new passphrase pushes.
 */
import type { FetchLike } from '@zkpush/shared/api-client';
import { KDF_FLOOR, type KdfCost } from '@zkpush/shared/kdf-params';
import type { Context } from '../runtime/context.ts';
import type { FakeTerminal } from './fake-terminal.ts';

export interface FakeContext extends Context {
  /** Everything written to stdout, as bytes (the plaintext must come out exactly). */
  stdoutBytes(): Uint8Array;
  stdoutText(): string;
  stderrText(): string;
  /** Delivers a SIGINT to whatever registered with onInterrupt; false if nothing had. */
  interrupt(): boolean;
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
  /** The terminal passphrases are asked on; without it there is none (like cron or CI). */
  terminal?: FakeTerminal;
  /** Default KDF_FLOOR, to keep tests fast; the real CLI uses KDF_DEFAULT_COST. */
  passphraseCost?: KdfCost;
  /** Width reported for stderr (progress lines). */
  stderrColumns?: number;
  /** Makes stdout writes fail with this error code (EPIPE: the reader went away). */
  stdoutError?: string;
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
  const interrupts = new Set<() => void>();
  const writeOut = (chunk: string | Uint8Array): void =>
    // Copied: a caller may reuse its buffer after the write returns, as with a real stream.
    void out.push(typeof chunk === 'string' ? encoder.encode(chunk) : chunk.slice());
  return {
    env: options.env ?? {},
    stdin: { isTTY: options.stdinTTY ?? false, stream: stream() },
    stdout: {
      isTTY: options.stdoutTTY ?? false,
      write: writeOut,
      writeAndWait: (chunk) => {
        if (options.stdoutError !== undefined) {
          return Promise.reject(
            Object.assign(new Error(`write ${options.stdoutError}`), { code: options.stdoutError }),
          );
        }
        writeOut(chunk);
        return Promise.resolve();
      },
    },
    stderr: {
      isTTY: options.stderrTTY ?? false,
      columns: options.stderrColumns,
      write: (chunk) => void err.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk)),
    },
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    now: () => options.now ?? Date.now(),
    cwd: options.cwd ?? process.cwd(),
    openTerminal: () => {
      const terminal = options.terminal;
      if (terminal) terminal.opened++;
      return terminal ?? null;
    },
    passphraseCost: options.passphraseCost ?? KDF_FLOOR,
    onInterrupt: (handler) => {
      interrupts.add(handler);
      return () => void interrupts.delete(handler);
    },
    interrupt: () => {
      for (const handler of interrupts) handler();
      return interrupts.size > 0;
    },
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

/** Records the method and path of each request, then forwards it (or answers with `override`). */
export function recordingFetch(override?: (method: string, path: string) => Response | undefined) {
  const calls: string[] = [];
  const fetchLike: FetchLike = (input, init) => {
    const method = init?.method ?? 'GET';
    const path = new URL(input).pathname;
    calls.push(`${method} ${path}`);
    const canned = override?.(method, path);
    return canned ? Promise.resolve(canned) : fetch(input, init);
  };
  return { calls, fetch: fetchLike };
}
