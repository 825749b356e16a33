/**
 * The entry point as a child process: bad configuration exits 1 naming the variable; SIGTERM shuts
 * down gracefully with exit code 0. Waits on process events and log lines, never on timers; starting
 * Node on a busy 2-core machine can take many seconds, so each test may take a minute, and whatever
 * happens — pass, failure, timeout — the child is killed by pid when its test finishes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { afterAll, expect, onTestFinished, test } from 'vitest';

const LogLine = v.looseObject({ msg: v.string(), url: v.optional(v.string()) });

/** Generous: a loaded machine starts `node main.ts` slowly, and a timeout is a failure, not a wait. */
const TIMEOUT = { timeout: 60_000 };

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'zkpush-main-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      PATH: process.env['PATH'] ?? '',
      // The root `pnpm test` marks its processes; scripts/check-no-leftovers.ts looks for the mark.
      ...(process.env['ZKPUSH_TEST_RUN'] === undefined ? {} : { ZKPUSH_TEST_RUN: process.env['ZKPUSH_TEST_RUN'] }),
      ZKPUSH_HOST: '127.0.0.1',
      ZKPUSH_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const lines = createInterface({ input: child.stdout }).on('line', (line) => stdout.push(line));
  createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, stdout, stderr, exited };
}

test('exits 1 and names every bad variable', TIMEOUT, async () => {
  const proc = run({
    ZKPUSH_PORT: 'eighty',
    ZKPUSH_VIEWS_MAX: '0',
    ZKPUSH_RATE_CREATE: 'fast',
    ZKPUSH_IP_LOGGING: 'all',
  });
  expect(await proc.exited).toBe(1);
  const err = proc.stderr.join('\n');
  for (const name of ['ZKPUSH_PORT', 'ZKPUSH_VIEWS_MAX', 'ZKPUSH_RATE_CREATE', 'ZKPUSH_IP_LOGGING'])
    expect(err).toContain(name);
});

test('serves, then shuts down gracefully on SIGTERM with exit code 0', TIMEOUT, async () => {
  const proc = run({ ZKPUSH_PORT: '0', ZKPUSH_WEB_DIR: join(dataDir, 'none') });
  const listening = await new Promise<{ url: string }>((resolve, reject) => {
    proc.lines.on('line', (line: string) => {
      const entry = v.parse(LogLine, JSON.parse(line));
      if (entry.msg === 'listening' && entry.url !== undefined) resolve({ url: entry.url });
    });
    void proc.exited.then((code) => reject(new Error(`exited early with ${code}: ${proc.stderr.join('\n')}`)));
  });
  const res = await fetch(`${listening.url}/api/v1/config`);
  expect(res.status).toBe(200);
  proc.child.kill('SIGTERM');
  expect(await proc.exited).toBe(0);
  const messages = proc.stdout.map((line) => v.parse(LogLine, JSON.parse(line)).msg);
  expect(messages).toEqual(expect.arrayContaining(['listening', 'request', 'shutting down', 'stopped']));
});
