/**
 * Child processes for the release tests: `zkpush serve` (the single executable, or the CLI under
 * Node) started on port 0 and known to be ready from its own "listening" log line — no polling, no
 * fixed waits — and one-shot commands with their exit code and output. Started through
 * zkpush/testing/spawn: a one-shot command is killed by pid when the test that ran it ends, whatever
 * the outcome; a server — which later tests use too — by the file's afterAll (`endAll`), even when it
 * never became ready.
 */
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as v from 'valibot';
import { endChild, spawnChild } from 'zkpush/testing/spawn';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. */
  input?: string;
  env?: Readonly<Record<string, string>>;
  cwd?: string;
}

export function run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawnChild(command, args, { cwd: options.cwd, env: { ...options.env }, stdio: 'pipe' });
    const { stdin, stdout: out, stderr: err } = child;
    if (stdin === null || out === null || err === null) throw new Error('stdio is piped');
    let stdout = '';
    let stderr = '';
    out.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    err.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    stdin.on('error', () => {});
    stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface Served {
  /** e.g. http://127.0.0.1:41234, from the server's "listening" line. */
  readonly url: string;
  readonly port: number;
  /** Every stdout/stderr line so far (`out: …` / `err: …`). */
  readonly logs: readonly string[];
  readonly child: ChildProcess;
  /**
   * Sends `signal` (SIGTERM by default) and resolves with the exit code (null if killed by a signal);
   * SIGKILL after 15 s.
   */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const LogLine = v.object({ msg: v.string(), url: v.optional(v.string()) });

function parseLogLine(line: string): v.InferOutput<typeof LogLine> | undefined {
  try {
    const parsed = v.safeParse(LogLine, JSON.parse(line));
    return parsed.success ? parsed.output : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a server process and resolves once it logs that it listens (rejects if it exits first). */
export function startServe(command: string, args: readonly string[], options: RunOptions = {}): Promise<Served> {
  // A server serves the tests after the one that started it: the file's afterAll ends it (endAll).
  const child = spawnChild(
    command,
    args,
    { cwd: options.cwd, env: { ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    { outlivesTest: true },
  );
  const { stdout, stderr } = child;
  if (stdout === null || stderr === null) throw new Error('stdio is piped');
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  const stop = async (signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> => {
    if (exitCode === undefined) await endChild(child, signal);
    return exited;
  };

  return new Promise((resolve, reject) => {
    child.once('error', reject);
    void exited.then((code) => reject(new Error(`server exited (${code}) before listening:\n${logs.join('\n')}`)));
    createInterface({ input: stderr, crlfDelay: Infinity }).on('line', (line) => logs.push(`err: ${line}`));
    createInterface({ input: stdout, crlfDelay: Infinity }).on('line', (line) => {
      logs.push(`out: ${line}`);
      const entry = parseLogLine(line);
      if (entry?.msg !== 'listening' || entry.url === undefined) return;
      const url = entry.url;
      resolve({ url, port: Number(new URL(url).port), logs, child, stop });
    });
  });
}

/** Resolves with the first line of `child`'s stderr or stdout that `match` accepts. */
export function waitForLine(child: ChildProcess, match: (line: string) => boolean, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const onExit = (code: number | null): void =>
      reject(new Error(`process exited (${code}) before ${what}:\n${seen.join('\n')}`));
    child.once('exit', onExit);
    for (const stream of [child.stdout, child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        seen.push(line);
        if (!match(line)) return;
        child.off('exit', onExit);
        resolve(line);
      });
    }
  });
}
