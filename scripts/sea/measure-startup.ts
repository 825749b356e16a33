/**
 * Start-up time of the single executable to its first served request, for docs/performance.md:
 * spawn `dist/zkpush serve` on a free loopback port, poll GET /api/v1/config every 2 ms, and take the
 * time from spawn to the first 200. Five runs each of
 *   - first start: an empty data directory (extracts the SQLite addon, creates and migrates the DB);
 *   - restart: the same data directory again (the usual case for a service);
 * and the same for `node api/src/main.ts` from the checkout, for comparison. Prints the medians.
 *
 *   pnpm build:sea && node scripts/sea/measure-startup.ts [--runs 5] [--binary dist/zkpush]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string' }, binary: { type: 'string' } }, strict: true });
const runs = Number(values.runs ?? 5);
const binary = resolve(values.binary ?? join(root, 'dist', 'zkpush'));

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer().once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => done(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function firstResponse(url: string, exited: () => boolean): Promise<void> {
  for (;;) {
    if (exited()) throw new Error('server exited before answering');
    const ok = await fetch(url).then(
      (res) => res.arrayBuffer().then(() => res.ok),
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** One start: milliseconds from spawn to the first 200 from /api/v1/config; then SIGTERM and wait. */
async function startOnce(command: string, args: string[], dataDir: string): Promise<number> {
  const port = await freePort();
  const env = { PATH: '/usr/bin:/bin', ZKPUSH_HOST: '127.0.0.1', ZKPUSH_PORT: String(port), ZKPUSH_DATA_DIR: dataDir };
  const started = performance.now();
  const child = spawn(command, args, { cwd: root, env, stdio: 'ignore' });
  let gone = false;
  const exited = new Promise<void>((done) => child.once('exit', () => ((gone = true), done())));
  await firstResponse(`http://127.0.0.1:${port}/api/v1/config`, () => gone);
  const ms = performance.now() - started;
  child.kill('SIGTERM');
  await exited;
  return ms;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

async function measure(label: string, command: string, args: string[]): Promise<void> {
  const first: number[] = [];
  const again: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'zkpush-startup-'));
    try {
      first.push(await startOnce(command, args, dataDir));
      again.push(await startOnce(command, args, dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const fmt = (xs: number[]): string => `${median(xs).toFixed(0)} ms (${xs.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`${label}\n  first start: ${fmt(first)}\n  restart:     ${fmt(again)}`);
}

// Warm up this process's own fetch so its one-time set-up is not counted in the first run.
await fetch('http://127.0.0.1:9/').catch(() => undefined);
console.log(`binary ${binary}: ${(statSync(binary).size / 1024 / 1024).toFixed(1)} MiB; ${runs} runs each`);
await measure('dist/zkpush serve', binary, ['serve']);
await measure('node api/src/main.ts', process.execPath, [join(root, 'api', 'src', 'main.ts')]);
