/**
 * Runs the real executable as a child process — `node cli/bin/zkpush.js …` with the Node running the
 * tests (process.execPath, Node 26) — with a clean environment, so tests see exactly what a shell
 * user or a CI job sees: exit code, stdout bytes, stderr text.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/zkpush.js', import.meta.url));

export interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, which is then closed. Without it stdin is closed at once (empty). */
  input?: string | Uint8Array;
  env?: Record<string, string>;
  cwd?: string;
  /**
   * Start it in a new session (setsid), without a controlling terminal, as under cron or in CI — even
   * when the tests themselves run in one — so /dev/tty cannot be opened and nothing can prompt.
   */
  noTerminal?: boolean;
}

export function runBin(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.noTerminal === true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // The CLI may exit before reading all of stdin (e.g. a usage error): that is not a test failure.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
