/**
 * Child processes for tests, ended whatever happens. `spawnChild` is the one way tests start a process
 * (the CLI here, the server in tests/support/server-process.ts, the single executable and Caddy in
 * tests/sea and tests/caddy): it marks the child with this test run's ZKPUSH_TEST_RUN (what
 * scripts/check-no-leftovers.ts looks for), and ends it — with everything it started, found through
 * /proc — when the Vitest test that started it finishes (passed, failed or timed out) and when the test
 * process exits. A child started outside a test (beforeAll) is ended by the file's afterAll
 * (`endAll`). `runBin` runs the real executable — `node cli/bin/zkpush.js …` with the Node running the
 * tests (process.execPath, Node 26) — with a clean environment, so tests see exactly what a shell user
 * or a CI job sees: exit code, stdout bytes, stderr text.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/zkpush.js', import.meta.url));

/** Set by the root `pnpm test` script to one id per run; every child a test starts carries it. */
export const TEST_RUN_VAR = 'ZKPUSH_TEST_RUN';

/** `{ ZKPUSH_TEST_RUN: <id> }` when the tests run under `pnpm test`, else nothing. */
export function testRunEnv(): Record<string, string> {
  const id = process.env[TEST_RUN_VAR];
  return id === undefined || id === '' ? {} : { [TEST_RUN_VAR]: id };
}

// Inside Vitest, a child started by a test is ended when that test finishes; Playwright and the
// benchmarks never load Vitest.
const onTestFinished = process.env['VITEST'] === undefined ? undefined : (await import('vitest')).onTestFinished;

/** The parent of `pid` from /proc/<pid>/stat, or undefined when it is gone. */
export function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ')'.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/** The live descendants of `pid` — children, grandchildren, … — from the parent links in /proc. */
export function descendantsOf(pid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === undefined) continue; // Gone since the listing.
    childrenOf.set(ppid, [...(childrenOf.get(ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  for (let queue = [pid]; queue.length > 0;) {
    const next = childrenOf.get(queue.shift()!) ?? [];
    found.push(...next);
    queue.push(...next);
  }
  return found;
}

const live = new Set<ChildProcess>();
/** Children started with `detached`: each leads its own process group. */
const groupLeaders = new WeakSet<ChildProcess>();

const running = (child: ChildProcess): boolean => child.exitCode === null && child.signalCode === null;

/**
 * SIGKILLs `child` and every process it started (by pid; its whole process group too when it leads
 * one, as a `detached` child does), unless it has already exited. Synchronous, so it also works in an
 * `exit` handler.
 */
export function killTree(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  const pids = running(child) ? [pid, ...descendantsOf(pid)] : [];
  for (const target of pids) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (!groupLeaders.has(child)) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // The group is empty.
  }
}

/** The children started through `spawnChild` that have not exited yet. */
export function liveChildren(): ChildProcess[] {
  return [...live];
}

/** Ends every child still running that this module started (a test file's `afterAll`). */
export function endAll(): void {
  for (const child of live) killTree(child);
}

// The test process itself ending ends its children: when it exits (a Playwright worker torn down after
// a timeout) and, in a test runner's worker, when a signal ends it (Vitest ends its workers with
// SIGTERM). Where this is the only listener, the signal is raised again once they are gone, so it still
// ends the worker as it would have. Benchmarks handle their own signals.
process.once('exit', endAll);
const inTestWorker = process.env['VITEST'] !== undefined || process.env['TEST_WORKER_INDEX'] !== undefined;
for (const signal of inTestWorker ? (['SIGTERM', 'SIGINT', 'SIGHUP'] as const) : []) {
  const onSignal = (): void => {
    endAll();
    if (process.listenerCount(signal) > 1) return;
    process.off(signal, onSignal);
    process.kill(process.pid, signal);
  };
  process.on(signal, onSignal);
}

export interface Lifetime {
  /**
   * A server a test starts for the tests after it too: not ended when that test finishes, but by the
   * file's afterAll (`endAll`) or when this process exits.
   */
  outlivesTest?: boolean;
}

/**
 * `spawn`, plus: this run's ZKPUSH_TEST_RUN in the child's environment, and the child ended (with its
 * descendants) when the current Vitest test finishes, whatever its outcome, and when this process exits.
 */
export function spawnChild(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  lifetime: Lifetime = {},
): ChildProcess {
  const child = spawn(command, args, { ...options, env: { ...testRunEnv(), ...(options.env ?? process.env) } });
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (options.detached === true) groupLeaders.add(child);
  if (lifetime.outlivesTest !== true) {
    try {
      onTestFinished?.(() => killTree(child));
    } catch {
      // Not inside a test (beforeAll): the file's afterAll ends it, or this process's exit.
    }
  }
  return child;
}

/**
 * Sends `signal` to a running child and waits until it exits; SIGKILLs it and its descendants after
 * `graceMs`. Resolves to the exit code (null when a signal ended it).
 */
export async function endChild(
  child: ChildProcess,
  signal: NodeJS.Signals = 'SIGTERM',
  graceMs = 15_000,
): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => {
    if (!running(child)) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  if (running(child)) child.kill(signal);
  const timer = setTimeout(() => killTree(child), graceMs);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

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
    const child = spawnChild(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env['PATH'] ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: options.noTerminal === true,
    });
    const { stdin, stdout, stderr } = child;
    if (stdin === null || stdout === null || stderr === null) throw new Error('stdio is piped');
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (chunk: Buffer) => out.push(chunk));
    stderr.on('data', (chunk: Buffer) => err.push(chunk));
    // The CLI may exit before reading all of stdin (e.g. a usage error): that is not a test failure.
    stdin.on('error', () => {});
    stdin.end(options.input ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
