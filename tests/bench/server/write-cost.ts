/**
 * `pnpm bench:write-cost` — what one create and one reveal cost in system calls: the production
 * server (`node api/src/main.ts`, the same settings as `pnpm bench`) is traced with `strace -f -c`
 * (every thread, the checkpoint worker's included) while this process sends a fixed number of creates,
 * then of reveals, and the report divides the `pwrite64` / `fsync` / `fdatasync` / `statfs` counts by
 * the number of requests. `pwrite64` per request is the number of WAL frames (pages) a push writes,
 * plus what checkpoints copy back; it is the figure "fewer pages per push" (issue 11 §1) is about.
 *
 * Run: `npx -y pnpm@12.21.0 exec node tests/bench/server/write-cost.ts [--requests N] [--connections N]`
 * (defaults 3000, 32). Needs `strace` and permission to trace a child process (ptrace_scope ≤ 1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { endChild } from 'zkpush/testing/spawn';
import { startServerProcess } from '../../support/server-process.ts';
import { runLoad, type PreparedRequest } from './load.ts';
import { createBody, postJson, preCreate } from './pushes.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    connections: { type: 'string', default: '32' },
  },
});
const N = Number(args.requests);
const CONNECTIONS = Number(args.connections);
const CALLS = ['pwrite64', 'fsync', 'fdatasync', 'statfs', 'pread64'] as const;

const log = (msg: string) => console.log(`[write-cost] ${msg}`);

/** Parses `strace -c` output into calls per syscall name. */
function parseSummary(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const cells = line.trim().split(/\s+/);
    // % time, seconds, usecs/call, calls, [errors], syscall
    if (cells.length < 5 || !/^\d/.test(cells[0]!)) continue;
    const name = cells[cells.length - 1]!;
    const calls = Number(cells[3]);
    if (Number.isFinite(calls)) out.set(name, calls);
  }
  return out;
}

async function traced(pid: number, work: string, label: string, fn: () => Promise<void>): Promise<Map<string, number>> {
  const file = join(work, `${label}.strace`);
  const tracer = spawn('strace', ['-f', '-c', '-o', file, '-p', String(pid)], { stdio: ['ignore', 'ignore', 'pipe'] });
  // strace prints "Process N attached" per thread on stderr once it is tracing.
  await new Promise<void>((resolve, reject) => {
    tracer.once('error', reject);
    tracer.stderr.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('attached')) resolve();
    });
  });
  await fn();
  await endChild(tracer, 'SIGINT', 10_000);
  return parseSummary(readFileSync(file, 'utf8'));
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zkpush-write-cost-'));
  const server = await startServerProcess({
    env: {
      ZKPUSH_LOG_LEVEL: 'info',
      ZKPUSH_RATE_CREATE: '1000000/sec',
      ZKPUSH_RATE_META: '1000000/sec',
      ZKPUSH_RATE_REVEAL: '1000000/sec',
      ZKPUSH_RATE_FAILURES: '1000000/sec',
    },
    stdoutFile: join(work, 'server.log'),
  });
  try {
    const pid = server.child.pid ?? 0;
    log(`server pid ${pid}; load average ${loadavg()[0]!.toFixed(2)}`);
    const creates: PreparedRequest[] = Array.from({ length: N }, () => postJson('/api/v1/secrets', createBody()));
    const reveals = await preCreate(server, N);
    // Warm up (statements compiled, pages cached) outside the trace.
    await runLoad({ url: server.url, connections: CONNECTIONS, requests: creates.slice(0, 200), expectStatus: 201 });
    const run = (requests: PreparedRequest[], status: number) => async () => {
      const r = await runLoad({ url: server.url, connections: CONNECTIONS, requests, expectStatus: status });
      if (Object.keys(r.unexpected).length > 0) throw new Error(`unexpected statuses ${JSON.stringify(r.unexpected)}`);
    };
    const rows: string[] = [];
    for (const [label, requests, status] of [
      ['create', creates.slice(200), 201],
      ['reveal', reveals, 200],
    ] as const) {
      const counts = await traced(pid, work, label, run([...requests], status));
      const per = CALLS.map((c) => `${c} ${((counts.get(c) ?? 0) / requests.length).toFixed(2)}`).join(', ');
      rows.push(`${label} (${requests.length} requests, ${CONNECTIONS} connections): ${per} per request`);
    }
    console.log('\n' + rows.join('\n') + '\n');
    log(`load average at the end ${loadavg()[0]!.toFixed(2)}`);
  } finally {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
