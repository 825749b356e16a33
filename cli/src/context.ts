/**
 * Everything a command touches outside its own arguments: environment, standard streams, the network
 * and the clock. Commands receive it as a parameter so tests can run them in-process with fakes, and
 * `io.ts` builds the real one from `process`. (Output files use node:fs directly, relative to `cwd`.)
 */
import type { FetchLike } from '@zkpush/shared/api-client';

export interface Output {
  write(chunk: string | Uint8Array): void;
  /** True when a person is probably watching (a terminal), false for pipes and files. */
  readonly isTTY: boolean;
}

export interface Input {
  readonly isTTY: boolean;
  readonly stream: AsyncIterable<Uint8Array | string>;
}

export interface Context {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: Input;
  readonly stdout: Output;
  readonly stderr: Output;
  readonly fetch: FetchLike;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Directory that relative `-o` paths resolve against. */
  readonly cwd: string;
}
