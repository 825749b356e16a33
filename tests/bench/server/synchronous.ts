/**
 * What `synchronous = FULL` costs against NORMAL (ZKPUSH_SQLITE_SYNCHRONOUS), measured side by side:
 * two production servers (`node api/src/main.ts`, the same settings as `pnpm bench` apart from that one)
 * run at once, and each round runs create and reveal on both, alternating which goes first, so both
 * modes see the same machine load. The FULL ÷ NORMAL ratio of each round compares runs seconds apart;
 * the report gives the median round. Prints a Markdown table for docs/performance.md ("Durability").
 *
 * Run: `npx -y pnpm@12.21.0 exec node tests/bench/server/synchronous.ts [--requests N] [--rounds N]
 * [--connections N] [--warmup N]` (defaults 2000, 5, 32, 300). The data directories are on the temp
 * directory's filesystem: a tmpfs there (no real fsync) would show no difference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { runLoad, type LoadResult, type PreparedRequest } from './load.ts';
import { createBody, median, preCreate } from './pushes.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '300' },
  },
});
const N = Number(args.requests);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);
const MODES = ['full', 'normal'] as const;
type Mode = (typeof MODES)[number];
const SCENARIOS = ['create', 'reveal'] as const;
type Scenario = (typeof SCENARIOS)[number];

const log = (msg: string) => console.log(`[sync-bench] ${msg}`);

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zkpush-sync-bench-'));
  const servers = {} as Record<Mode, ServerProcess>;
  try {
    for (const mode of MODES) {
      servers[mode] = await startServerProcess({
        env: {
          ZKPUSH_SQLITE_SYNCHRONOUS: mode,
          ZKPUSH_LOG_LEVEL: 'info',
          ZKPUSH_RATE_CREATE: '1000000/sec',
          ZKPUSH_RATE_META: '1000000/sec',
          ZKPUSH_RATE_REVEAL: '1000000/sec',
          ZKPUSH_RATE_FAILURES: '1000000/sec',
        },
        stdoutFile: join(work, `${mode}.log`),
      });
    }
    const total = WARMUP + ROUNDS * N;
    log(`load average ${loadavg()[0]!.toFixed(2)}; preparing ${total} creates and reveals per mode`);
    const requests = {} as Record<Mode, Record<Scenario, PreparedRequest[]>>;
    for (const mode of MODES) {
      requests[mode] = {
        create: Array.from({ length: total }, () => ({
          method: 'POST',
          path: '/api/v1/secrets',
          body: createBody(),
        })),
        reveal: await preCreate(servers[mode], total),
      };
    }
    const status: Record<Scenario, number> = { create: 201, reveal: 200 };
    const run = async (mode: Mode, s: Scenario, from: number, count: number): Promise<LoadResult> => {
      const r = await runLoad({
        url: servers[mode].url,
        connections: CONNECTIONS,
        requests: requests[mode][s].slice(from, from + count),
        expectStatus: status[s],
      });
      if (Object.keys(r.unexpected).length > 0) throw new Error(`${mode} ${s}: ${JSON.stringify(r.unexpected)}`);
      return r;
    };
    for (const mode of MODES) for (const s of SCENARIOS) await run(mode, s, 0, WARMUP);

    const results: Record<Mode, Record<Scenario, LoadResult[]>> = {
      full: { create: [], reveal: [] },
      normal: { create: [], reveal: [] },
    };
    for (let round = 0; round < ROUNDS; round++) {
      const order: readonly Mode[] = round % 2 === 0 ? MODES : [...MODES].reverse();
      for (const s of SCENARIOS) {
        for (const mode of order) {
          const r = await run(mode, s, WARMUP + round * N, N);
          results[mode][s].push(r);
          log(
            `round ${round + 1} ${s} ${mode.padEnd(6)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms`,
          );
        }
      }
    }

    const rows = SCENARIOS.map((s) => {
      const full = results.full[s];
      const normal = results.normal[s];
      const ratios = full.map((r, i) => r.rps / normal[i]!.rps);
      return [
        s,
        median(full.map((r) => r.rps)).toFixed(0),
        median(normal.map((r) => r.rps)).toFixed(0),
        median(ratios).toFixed(2),
        ratios.map((x) => x.toFixed(2)).join(' / '),
        `${median(full.map((r) => r.p50)).toFixed(1)} / ${median(normal.map((r) => r.p50)).toFixed(1)}`,
        `${median(full.map((r) => r.p99)).toFixed(1)} / ${median(normal.map((r) => r.p99)).toFixed(1)}`,
      ];
    });
    const header = [
      'scenario',
      'FULL req/s',
      'NORMAL req/s',
      'FULL ÷ NORMAL',
      'per round',
      'p50 ms FULL / NORMAL',
      'p99 ms FULL / NORMAL',
    ];
    console.log(
      [
        '',
        `${N} requests × ${ROUNDS} rounds per mode and scenario, ${CONNECTIONS} connections, ${WARMUP} warm-up; load average at the end ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' / ')}`,
        '',
        `| ${header.join(' | ')} |`,
        `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
        ...rows.map((r) => `| ${r.join(' | ')} |`),
      ].join('\n'),
    );
  } finally {
    for (const mode of MODES) await servers[mode]?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
