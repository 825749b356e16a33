/**
 * Runs the production entry point (`node api/src/main.ts`) as a child process on loopback with a fresh
 * data directory, and keeps every stdout/stderr line so tests can assert on what the server logged
 * (the "no secret ever reaches a log line" rule is checked against these lines). Started through
 * zkpush/testing/spawn: killed by pid when the Vitest test that started it ends, whatever the outcome,
 * or when the test process exits; a file that starts it in beforeAll stops it in afterAll.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { endChild, spawnChild } from 'zkpush/testing/spawn';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Every line the server wrote, stdout and stderr, in arrival order (prefixed `out:`/`err:`). */
  readonly logs: readonly string[];
  readonly child: ChildProcess;
  /** SIGTERM, wait for exit (SIGKILL after `graceMs`), remove the data directory. Resolves to the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

export interface StartOptions {
  /** Extra environment (ZKPUSH_* overrides). */
  env?: Record<string, string>;
  /** Node flags placed before the script, e.g. `--cpu-prof` or `--import <preload>`. */
  nodeArgs?: string[];
  /** Entry script relative to the repo root; `api/src/main.ts` unless a test needs another. */
  script?: string;
  /** Also append every line to this file (kept for post-mortems of failed runs). */
  logFile?: string;
  /**
   * Send the server's stdout straight to this file instead of a pipe (stderr is still captured).
   * Node writes to pipes synchronously on Linux, so a busy reader — a load generator — would stall
   * the server on every log line; a file behaves like a log collector that keeps up.
   */
  stdoutFile?: string;
  /** Keep only the newest this-many lines (a benchmark's request log would otherwise pile up). */
  maxLogLines?: number;
  /** How long to wait for the server to answer `GET /api/v1/config` (60 s: a busy 2-core machine). */
  readyTimeoutMs?: number;
  /**
   * The port to listen on, when the test must know it first (a redirect URI registered elsewhere), or
   * the port a script that is not zkpush (a benchmark's bare baseline) listens on.
   */
  port?: number;
  /** Where such a script answers when it is ready. */
  readyPath?: string;
}

/** A port that was free a moment ago on 127.0.0.1 (the kernel picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(options: StartOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = mkdtempSync(join(tmpdir(), 'zkpush-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const logs: string[] = [];
  const stdoutFd = options.stdoutFile === undefined ? undefined : openSync(options.stdoutFile, 'a', 0o600);
  const child = spawnChild(process.execPath, [...(options.nodeArgs ?? []), options.script ?? 'api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      ZKPUSH_HOST: '127.0.0.1',
      ZKPUSH_PORT: String(port),
      ZKPUSH_DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
  });
  if (stdoutFd !== undefined) closeSync(stdoutFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));

  for (const [stream, tag] of [
    [child.stdout, 'out'],
    [child.stderr, 'err'],
  ] as const) {
    if (stream === null) continue;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      logs.push(`${tag}: ${line}`);
      if (options.maxLogLines !== undefined && logs.length > 2 * options.maxLogLines) {
        logs.splice(0, logs.length - options.maxLogLines);
      }
      if (options.logFile) appendFileSync(options.logFile, `${tag}: ${line}\n`);
    });
  }

  const stop = async (graceMs = 15_000): Promise<number | null> => {
    if (exitCode === undefined) await endChild(child, 'SIGTERM', graceMs);
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    return exitCode ?? null;
  };

  // Ready when it answers: a port accepting, checked every 50 ms (its "listening" line is not always on
  // a pipe — see stdoutFile — nor always logged — ZKPUSH_LOG_LEVEL=warn).
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`server exited with code ${exitCode} before it was ready:\n${logs.join('\n')}`);
    }
    try {
      const res = await fetch(`${url}${options.readyPath ?? '/api/v1/config'}`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`server did not become ready on ${url}:\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }

  return { url, port, dataDir, logs, child, stop };
}
