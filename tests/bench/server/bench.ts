/**
 * `pnpm bench` — throughput of the production server against a bare Hono route in the same process.
 *
 * The server is the real entry point (`node api/src/main.ts`, default production configuration except
 * per-client rate limits raised out of reach, SQLite in a temp dir, request log at info into a file)
 * with tests/bench/server/bare-server.ts preloaded; this process only generates load, so client and server
 * do not share a JavaScript thread.
 * Scenarios (docs/performance.md explains them):
 *   bare    POST /bench/noop with the same JSON bodies as `create`
 *   create  POST /api/v1/secrets with real envelopes of 1 KiB secrets (sealed before timing)
 *   reveal  POST /api/v1/secrets/:id/reveal of pre-created 1-view pushes
 * After one warm-up pass, `--rounds` rounds run bare → create → reveal back to back; each round's
 * ratios compare runs seconds apart, and the report takes the median round, which keeps a burst of
 * unrelated load on a shared machine from deciding the result. Besides throughput it reports the
 * server process's CPU time per request (Linux /proc), which other load on the machine moves much
 * less than req/s.
 *
 * Options: --requests N per scenario and round (5000), --rounds N (3), --connections N (32),
 * --warmup N (1000), --profile (V8 CPU profile of the server, summarised; does not touch the docs),
 * --no-write (do not update docs/performance.md).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sealText } from '@zkpush/shared/push';
import { freePort, REPO_ROOT, startServerProcess } from '../../support/server-process.ts';
import { runLoad, type LoadResult, type PreparedRequest } from './load.ts';
import { median, postJson, preCreate, secret, SECRET_BYTES } from './pushes.ts';
import { processCpuMicros } from '../process/cpu.ts';
import { formatSummary, summarizeProfile } from '../process/profile-summary.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '1000' },
    profile: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const N = Number(args.requests);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);
const SCENARIOS = ['bare', 'create', 'reveal'] as const;
type Scenario = (typeof SCENARIOS)[number];

function log(msg: string): void {
  console.log(`[bench] ${msg}`);
}

/** One timed run: the load generator's view plus the server's CPU time per request (NaN off Linux). */
type RoundResult = LoadResult & { cpuMicrosPerRequest: number };
type Rounds = Record<Scenario, RoundResult[]>;

async function main(): Promise<void> {
  const barePort = await freePort();
  const work = mkdtempSync(join(tmpdir(), 'zkpush-bench-'));
  const profileDir = args.profile ? join(work, 'profile') : undefined;
  const server = await startServerProcess({
    nodeArgs: [
      '--import',
      './tests/bench/server/bare-server.ts',
      ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ],
    env: {
      ZKPUSH_BENCH_BARE_PORT: String(barePort),
      ZKPUSH_LOG_LEVEL: 'info',
      // All load comes from one address: raise the per-client limits out of reach but keep the
      // limiter running, so its per-request cost is part of what is measured.
      ZKPUSH_RATE_CREATE: '1000000/sec',
      ZKPUSH_RATE_META: '1000000/sec',
      ZKPUSH_RATE_REVEAL: '1000000/sec',
      ZKPUSH_RATE_FAILURES: '1000000/sec',
    },
    stdoutFile: join(work, 'server.log'),
  });
  const bareUrl = `http://127.0.0.1:${barePort}`;
  try {
    log(
      `zkpush on ${server.url}, bare Hono on ${bareUrl} (pid ${server.child.pid}); load average ${loadavg()[0]!.toFixed(2)}`,
    );
    const total = WARMUP + ROUNDS * N;

    log(`sealing ${total} envelopes of ${SECRET_BYTES}-byte secrets for create`);
    const createBodies = Array.from({ length: total }, () =>
      Buffer.from(JSON.stringify({ ...sealText(secret()).request, views: 1 })),
    );
    log(`pre-creating ${total} one-view pushes for reveal`);
    const requests: Record<Scenario, PreparedRequest[]> = {
      bare: createBodies.map((b) => postJson('/bench/noop', b)),
      create: createBodies.map((b) => postJson('/api/v1/secrets', b)),
      reveal: await preCreate(server, total),
    };
    const target: Record<Scenario, { url: string; status: number }> = {
      bare: { url: bareUrl, status: 200 },
      create: { url: server.url, status: 201 },
      reveal: { url: server.url, status: 200 },
    };

    const pid = server.child.pid ?? 0;
    const run = async (s: Scenario, from: number, count: number): Promise<RoundResult> => {
      const cpuBefore = processCpuMicros(pid);
      const r = await runLoad({
        url: target[s].url,
        connections: CONNECTIONS,
        requests: requests[s].slice(from, from + count),
        expectStatus: target[s].status,
      });
      const cpuMicrosPerRequest = (processCpuMicros(pid) - cpuBefore) / count;
      if (Object.keys(r.unexpected).length > 0)
        throw new Error(`${s}: unexpected statuses ${JSON.stringify(r.unexpected)}`);
      return { ...r, cpuMicrosPerRequest };
    };

    for (const s of SCENARIOS) await run(s, 0, WARMUP);
    const rounds: Rounds = { bare: [], create: [], reveal: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const s of SCENARIOS) {
        const r = await run(s, WARMUP + round * N, N);
        rounds[s].push(r);
        log(
          `round ${round + 1} ${s.padEnd(6)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)} ms  p99 ${r.p99.toFixed(2)} ms  server CPU ${r.cpuMicrosPerRequest.toFixed(0)} µs/req`,
        );
      }
    }

    const bodyBytes = createBodies[0]!.length;
    const report = renderReport(rounds, bodyBytes);
    console.log('\n' + report.table + '\n');
    if (!args['no-write'] && !args.profile) writeDoc(report.markdown);

    if (profileDir) {
      await server.stop();
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no .cpuprofile written to ${profileDir}`);
      const kept = join(tmpdir(), `zkpush-bench-${Date.now()}.cpuprofile`);
      writeFileSync(kept, readFileSync(join(profileDir, file)));
      console.log(`CPU profile: ${kept}\n`);
      console.log(formatSummary(summarizeProfile(kept, 30)));
    }
  } finally {
    const code = await server.stop();
    if (code !== 0 && code !== null) console.error(`server exited with ${code}:\n${server.logs.join('\n')}`);
    rmSync(work, { recursive: true, force: true });
  }
}

function machine(): string[] {
  const cpu = cpus();
  const git = (a: string[]) => {
    try {
      return execFileSync('git', a, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  const dirty = git(['status', '--porcelain']) === '' ? '' : ' (with uncommitted changes)';
  const apiPkg: unknown = JSON.parse(readFileSync(join(REPO_ROOT, 'api/package.json'), 'utf8'));
  const deps =
    typeof apiPkg === 'object' && apiPkg !== null && 'dependencies' in apiPkg
      ? Object.entries(apiPkg.dependencies ?? {})
          .filter(([name]) => !name.startsWith('@zkpush/'))
          .map(([name, version]) => `${name} ${String(version)}`)
          .join(', ')
      : '';
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Commit: ${git(['rev-parse', '--short', 'HEAD'])}${dirty}`,
    `- CPU: ${cpu.length} × ${cpu[0]?.model ?? 'unknown'}; load average at the end ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1/5/15 min)`,
    `- Memory: ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Linux ${release()}`,
    `- Node ${process.version}; ${deps}`,
    `- Command: \`pnpm bench\` (= \`pnpm run build && node tests/bench/server/bench.ts\`: ${N} requests × ${ROUNDS} rounds per scenario, ${CONNECTIONS} connections, ${WARMUP} warm-up requests)`,
  ];
}

function renderReport(rounds: Rounds, bodyBytes: number): { table: string; markdown: string } {
  const ratio = (s: Scenario, i: number) => rounds[s][i]!.rps / rounds.bare[i]!.rps;
  const cpuRatio = (s: Scenario, i: number) => rounds.bare[i]!.cpuMicrosPerRequest / rounds[s][i]!.cpuMicrosPerRequest;
  const idx = [...Array(ROUNDS).keys()];
  const header = [
    'scenario',
    'route',
    'req/s (median)',
    'req/s per round',
    'vs bare',
    'p50 ms',
    'p99 ms',
    'server CPU µs/req',
    'CPU vs bare',
  ];
  const route: Record<Scenario, string> = {
    bare: 'POST /bench/noop',
    create: 'POST /api/v1/secrets',
    reveal: 'POST /api/v1/secrets/:id/reveal',
  };
  const rows = SCENARIOS.map((s) => [
    s,
    route[s],
    median(rounds[s].map((r) => r.rps)).toFixed(0),
    rounds[s].map((r) => r.rps.toFixed(0)).join(' / '),
    s === 'bare' ? '1' : median(idx.map((i) => ratio(s, i))).toFixed(2),
    median(rounds[s].map((r) => r.p50)).toFixed(1),
    median(rounds[s].map((r) => r.p99)).toFixed(1),
    median(rounds[s].map((r) => r.cpuMicrosPerRequest)).toFixed(0),
    s === 'bare' ? '1' : median(idx.map((i) => cpuRatio(s, i))).toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const table = [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
  const md = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((b) => `| ${b.join(' | ')} |`),
  ];
  const c = median(idx.map((i) => ratio('create', i)));
  const r = median(idx.map((i) => ratio('reveal', i)));
  const verdict = (x: number) => (x >= 0.5 ? 'meets' : 'misses');
  const summary = `create/bare = ${c.toFixed(2)} (${verdict(c)} the 0.5 target), reveal/bare = ${r.toFixed(2)} (${verdict(r)} it); ratios are per round (runs seconds apart), median of ${ROUNDS}`;
  const cpuSummary = `Server CPU time per request: bare ÷ create = ${median(idx.map((i) => cpuRatio('create', i))).toFixed(2)}, bare ÷ reveal = ${median(idx.map((i) => cpuRatio('reveal', i))).toFixed(2)} (process-wide user + system time from /proc around each timed run, per round, median)`;
  const markdown = [
    ...machine(),
    `- Request body: ${bodyBytes} bytes of JSON for create and bare (a 1 KiB secret sealed into a v1 envelope)`,
    '',
    ...md,
    '',
    `**${summary}.** Latencies are medians over rounds of each round's percentile, client-side, with ${CONNECTIONS} requests in flight. ${cpuSummary}.`,
  ].join('\n');
  return { table: `${table}\n\n${summary}\n${cpuSummary}`, markdown };
}

const BEGIN = '<!-- bench:begin (generated by `pnpm bench`; everything up to bench:end is overwritten) -->';
const END = '<!-- bench:end -->';

function writeDoc(markdown: string): void {
  const path = join(REPO_ROOT, 'docs/performance.md');
  const doc = readFileSync(path, 'utf8');
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${path} lacks the ${BEGIN} … ${END} markers`);
  writeFileSync(path, doc.slice(0, start + BEGIN.length) + '\n\n' + markdown + '\n\n' + doc.slice(end));
  // Keep `pnpm run lint` (prettier --check) green: let prettier align the generated table.
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--write', path], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
  log(`updated ${path}`);
}

await main();
