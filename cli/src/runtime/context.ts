/**
 * Everything a command touches outside its own arguments: environment, standard streams, the terminal
 * a passphrase is asked on, the network and the clock. Commands receive it as a parameter so tests can
 * run them in-process with fakes, and `io.ts` builds the real one from `process`. (Output and
 * passphrase files use node:fs directly, relative to `cwd`.)
 */
import type { FetchLike } from '@zkpush/shared/api-client';
import type { KdfCost } from '@zkpush/shared/kdf-params';
import type { Terminal } from '../terminal/terminal.ts';

interface Output {
  write(chunk: string | Uint8Array): void;
  /** True when a person is probably watching (a terminal), false for pipes and files. */
  readonly isTTY: boolean;
}

/** Standard output, which can also carry a whole file (`open -o -`): that needs backpressure. */
interface Stdout extends Output {
  /** Writes and resolves once the stream can take more; rejects when it failed (EPIPE: the reader left). */
  writeAndWait(chunk: Uint8Array): Promise<void>;
}

export interface Input {
  readonly isTTY: boolean;
  readonly stream: AsyncIterable<Uint8Array | string>;
}

export interface Context {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: Input;
  readonly stdout: Stdout;
  /** `columns`: the terminal's width when stderr is one (progress lines are cut to fit). */
  readonly stderr: Output & { readonly columns?: number | undefined };
  readonly fetch: FetchLike;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Directory that relative `-o` and `--passphrase-file` paths resolve against. */
  readonly cwd: string;
  /** The terminal to prompt on (terminal/terminal.ts), opened only when a prompt is due; null if there is none. */
  openTerminal(): Terminal | null;
  /**
   * Argon2id cost of new passphrase pushes: KDF_DEFAULT_COST. A seam so most tests can use KDF_FLOOR;
   * opening always uses the cost the push itself carries.
   */
  readonly passphraseCost: Readonly<KdfCost>;
  /**
   * Calls `handler` on the first SIGINT (Ctrl-C) until the returned function is called, so a transfer
   * can cancel and clean up (expire the half-made push, remove a partial file); a second SIGINT ends
   * the process at once. Without a registration SIGINT keeps its default (the process ends).
   */
  onInterrupt(handler: () => void): () => void;
}
