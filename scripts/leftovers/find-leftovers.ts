/**
 * Which processes a test run left running. A process counts when (1) its command line matches
 * LEFTOVER_PATTERN — the zkpush server from the checkout, `zkpush serve` (the executable, or the CLI's
 * zkpush.js / zkpush.mjs under Node), Chromium, the test's Caddy — as `pgrep -af` sees it, and (2) its
 * environment (/proc/<pid>/environ, as it was when the process started) holds this run's
 * ZKPUSH_TEST_RUN=<id>. The root `pnpm test` script exports a fresh id; every process of the run
 * inherits it — Vitest and Playwright workers, the browsers Playwright launches, and the children that
 * tests start with a clean environment, because they start them through zkpush/testing/spawn, which
 * adds it. So other people's servers and browsers on a shared machine, and this run's own ancestors
 * (pnpm, the shell), never count, and a process that outlived the test that started it — re-parented
 * to init, so no longer anyone's descendant — still does.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parentOf, TEST_RUN_VAR } from 'zkpush/testing/spawn';

/** An extended regular expression for `pgrep -f`. */
export const LEFTOVER_PATTERN = String.raw`api/src/main\.ts|zkpush(\.m?js)? serve|chromium|caddy run`;

export interface Leftover {
  pid: number;
  command: string;
}

/** `pgrep -af <pattern>`: every process whose command line matches, except pgrep itself. */
export function matching(pattern: string): Leftover[] {
  let out: string;
  try {
    out = execFileSync('pgrep', ['-af', pattern], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches.
  }
  return out
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const space = line.indexOf(' ');
      return { pid: Number(line.slice(0, space)), command: line.slice(space + 1) };
    });
}

/** Whether `pid` started with `variable=value` in its environment (false if it is gone or not ours). */
export function startedWith(pid: number, variable: string, value: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${variable}=${value}`);
  } catch {
    return false;
  }
}

/** `pid` and its parent, grandparent, … up to init. */
export function selfAndAncestors(pid: number = process.pid): Set<number> {
  const chain = new Set<number>();
  for (let at: number | undefined = pid; at !== undefined && at > 1 && !chain.has(at); at = parentOf(at)) chain.add(at);
  return chain;
}

/** This run's processes that match `pattern` and are still alive, apart from this process's own line. */
export function findLeftovers(runId: string, pattern: string = LEFTOVER_PATTERN): Leftover[] {
  const exclude = selfAndAncestors();
  return matching(pattern).filter(({ pid }) => !exclude.has(pid) && startedWith(pid, TEST_RUN_VAR, runId));
}
