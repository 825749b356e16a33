/**
 * `pnpm bench:sweep` — how long the sweeper can stall every other request (issue 10 §4). A real server
 * (startServer, file database in a temp directory) runs in a child process whose clock this script
 * moves; 600 text pushes of 1 MiB are created with a 1 h expiry, then the clock jumps 2 h ahead and
 * the next sweep (ZKPUSH_SWEEP_INTERVAL=1s) expires all of them at once — erasing 600 MiB of
 * ciphertext with secure_delete and checkpointing the WAL — while this process times back-to-back
 * `GET /api/v1/config` requests (a request that touches no database: whatever delays it is the event
 * loop being blocked). Prints max / p99 / p50 latency before and during the sweep, the server's own
 * event-loop delay (perf_hooks.monitorEventLoopDelay, free of the probe's scheduling), and the sweep's
 * own duration.
 *
 * Options: --pushes N (600), --mib N (1: envelope size), --probes N (2 concurrent probe loops).
 * Results depend on the machine and its disk; docs/performance.md records a run with its command.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const ROLE = process.env['ZKPUSH_SWEEP_BENCH_ROLE'];

if (ROLE === 'server') await serve();
else await main();

/** The child: the production server with a clock the parent moves over IPC. */
async function serve(): Promise<void> {
  const { startServer } = await import('@zkpush/api/server');
  const { parseConfig } = await import('@zkpush/api/config');
  const { createLogger } = await import('@zkpush/api/logger');
  let offset = 0;
  const parsed = parseConfig(process.env);
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  const logger = createLogger({ level: 'info', write: (line) => process.send?.({ log: line }) });
  const server = await startServer({ config: parsed.config, clock: { now: () => Date.now() + offset }, logger });
  // The server's own view: how late its event loop ran (what every request waits for when it is blocked).
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  process.on('message', (message: { advance?: number; stop?: boolean; delay?: 'reset' | 'read' }) => {
    if (message.advance !== undefined) offset += message.advance;
    if (message.delay === 'reset') delay.reset();
    if (message.delay === 'read') {
      process.send?.({ loopDelay: { max: delay.max / 1e6, p99: delay.percentile(99) / 1e6 } });
    }
    if (message.stop === true) void server.close().then(() => process.exit(0));
  });
  process.send?.({ url: server.url });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pushes: { type: 'string', default: '600' },
      mib: { type: 'string', default: '1' },
      probes: { type: 'string', default: '2' },
    },
  });
  const pushes = Number(values.pushes);
  const envelopeBytes = Math.floor(Number(values.mib) * 1024 * 1024) - 64;
  const probes = Number(values.probes);

  const dir = mkdtempSync(join(tmpdir(), 'zkpush-sweep-bench-'));
  const logs: string[] = [];
  const child = fork(new URL(import.meta.url), [], {
    env: {
      ...process.env,
      ZKPUSH_SWEEP_BENCH_ROLE: 'server',
      ZKPUSH_PORT: '0',
      ZKPUSH_HOST: '127.0.0.1',
      ZKPUSH_DATA_DIR: join(dir, 'data'),
      ZKPUSH_WEB_DIR: join(dir, 'no-web-build'),
      ZKPUSH_RATE_LIMIT: 'off',
      ZKPUSH_SWEEP_INTERVAL: '1s',
      ZKPUSH_MAX_TEXT_BYTES: String(envelopeBytes + 1024),
      ZKPUSH_DISK_RESERVE: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    let loopDelay: (value: { max: number; p99: number }) => void = () => {};
    const readLoopDelay = (): Promise<{ max: number; p99: number }> =>
      new Promise((resolve) => {
        loopDelay = resolve;
        child.send({ delay: 'read' });
      });
    const url = await new Promise<string>((resolve, reject) => {
      child.on('message', (message: { url?: string; log?: string; loopDelay?: { max: number; p99: number } }) => {
        if (message.url !== undefined) resolve(message.url);
        if (message.log !== undefined) logs.push(message.log);
        if (message.loopDelay !== undefined) loopDelay(message.loopDelay);
      });
      child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
    console.log(`sweep-bench: server ${url}, data in ${dir}`);

    const started = performance.now();
    await createPushes(url, pushes, envelopeBytes);
    console.log(
      `sweep-bench: created ${pushes} pushes of ${envelopeBytes + 64} bytes in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `database ${mib(fileSize(join(dir, 'data', 'zkpush.sqlite')))}, WAL ${mib(fileSize(join(dir, 'data', 'zkpush.sqlite-wal')))}`,
    );
    // Let the sweeps of the creation phase (checkpoints of the WAL they wrote) finish.
    await sleep(3000);

    child.send({ delay: 'reset' });
    const baseline = await probe(url, probes, () => sleep(3000));
    const baselineLoop = await readLoopDelay();
    child.send({ delay: 'reset' });
    const sweepLogsBefore = logs.length;
    let sweepMs = 0;
    const during = await probe(url, probes, async () => {
      const advancedAt = performance.now();
      child.send({ advance: 2 * 3600 * 1000 });
      const line = await waitForSweep(logs, sweepLogsBefore, 120_000);
      // The sweep starts at the next tick (≤ 1 s after the jump); its log line is written when it ends.
      sweepMs = performance.now() - advancedAt;
      console.log(`sweep-bench: ${line.trim()}`);
      await sleep(2000);
    });
    const duringLoop = await readLoopDelay();
    report('before the sweep (3 s)', baseline, baselineLoop);
    report('during the sweep', during, duringLoop);
    console.log(`sweep-bench: clock jump to sweep report: ${(sweepMs / 1000).toFixed(2)} s`);
    console.log(
      `sweep-bench: after: database ${mib(fileSize(join(dir, 'data', 'zkpush.sqlite')))}, WAL ${mib(fileSize(join(dir, 'data', 'zkpush.sqlite-wal')))}`,
    );
  } finally {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function createPushes(url: string, count: number, envelopeBytes: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      const envelope = randomBytes(envelopeBytes);
      envelope[0] = 1;
      const res = await fetch(`${url}/api/v1/secrets`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          envelope: envelope.toString('base64url'),
          keyProofHash: randomBytes(32).toString('base64url'),
          expiresIn: 3600,
          views: 1,
        }),
      });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** Back-to-back GET /api/v1/config on `loops` connections while `during` runs; latencies in ms. */
async function probe(url: string, loops: number, during: () => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let running = true;
  const loop = async (): Promise<void> => {
    while (running) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/v1/config`);
      await res.arrayBuffer();
      latencies.push(performance.now() - t0);
    }
  };
  const all = Promise.all(Array.from({ length: loops }, loop));
  try {
    await during();
  } finally {
    running = false;
    await all;
  }
  return latencies;
}

function waitForSweep(logs: string[], from: number, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const line = logs.slice(from).find((l) => l.includes('"msg":"sweep"') && /"expired":[1-9]/.test(l));
      if (line !== undefined) resolve(line);
      else if (performance.now() > deadline) reject(new Error('no sweep expired anything in time'));
      else setTimeout(check, 20);
    };
    check();
  });
}

function report(label: string, latencies: number[], loop: { max: number; p99: number }): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  console.log(
    `sweep-bench: ${label}: GET /api/v1/config × ${sorted.length}: max ${at(1).toFixed(1)} ms, ` +
      `p99 ${at(0.99).toFixed(1)} ms, p50 ${at(0.5).toFixed(2)} ms; ` +
      `server event-loop delay max ${loop.max.toFixed(1)} ms, p99 ${loop.p99.toFixed(1)} ms`,
  );
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.send({ stop: true });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
