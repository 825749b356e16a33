/**
 * `pnpm bench:engines` — create and reveal throughput on SQLite and on PostgreSQL, one instance and
 * three behind Caddy, in one run (issue 14 §3). Set-ups, one after the other on the same machine:
 *   sqlite        one `node api/src/main.ts`, SQLite in a temp dir, addressed directly
 *   pg            one instance on a scratch PostgreSQL database, addressed directly
 *   pg+caddy      the same one instance behind Caddy (what Caddy itself costs)
 *   3×pg+caddy    three instances behind Caddy, round robin (tests/support/cluster.ts)
 * Each set-up gets a warm-up pass, then `--rounds` rounds of create → reveal (1-view pushes created
 * before the clock starts); the report takes the median round. Rate limits are raised out of reach but
 * kept running; request logs off (ZKPUSH_LOG_LEVEL=warn) on every set-up alike.
 * Options: --requests N (2000), --rounds N (3), --connections N (32), --warmup N (300), --no-write.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { writeDocBlock } from '../doc-block.ts';
import { startServerProcess } from '../../support/server-process.ts';
import { clusterUnavailable, startCluster } from '../../support/cluster.ts';
import { runLoad, type LoadResult, type PreparedRequest } from './load.ts';
import { createBody, median, postJson, preCreate } from './pushes.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    warmup: { type: 'string', default: '300' },
    'no-write': { type: 'boolean', default: false },
  },
});
const N = Number(args.requests);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);
const ENV = {
  ZKPUSH_LOG_LEVEL: 'warn',
  ZKPUSH_RATE_CREATE: '1000000/sec',
  ZKPUSH_RATE_META: '1000000/sec',
  ZKPUSH_RATE_REVEAL: '1000000/sec',
  ZKPUSH_RATE_FAILURES: '1000000/sec',
};

type Row = { setup: string; create: LoadResult[]; reveal: LoadResult[] };

function log(msg: string): void {
  console.log(`[bench:engines] ${msg}`);
}

async function measure(setup: string, url: string): Promise<Row> {
  const total = WARMUP + ROUNDS * N;
  const creates = Array.from({ length: total }, () => postJson('/api/v1/secrets', createBody()));
  const reveals = await preCreate({ url }, total);
  const run = async (requests: PreparedRequest[], status: number): Promise<LoadResult> => {
    const r = await runLoad({ url, connections: CONNECTIONS, requests, expectStatus: status });
    if (Object.keys(r.unexpected).length > 0) throw new Error(`${setup}: unexpected ${JSON.stringify(r.unexpected)}`);
    return r;
  };
  await run(creates.slice(0, WARMUP), 201);
  await run(reveals.slice(0, WARMUP), 200);
  const row: Row = { setup, create: [], reveal: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const from = WARMUP + round * N;
    row.create.push(await run(creates.slice(from, from + N), 201));
    row.reveal.push(await run(reveals.slice(from, from + N), 200));
    const [c, r] = [row.create.at(-1)!, row.reveal.at(-1)!];
    log(
      `${setup} round ${round + 1}: create ${c.rps.toFixed(0)} req/s (p99 ${c.p99.toFixed(1)} ms), reveal ${r.rps.toFixed(0)} req/s (p99 ${r.p99.toFixed(1)} ms)`,
    );
  }
  return row;
}

async function main(): Promise<void> {
  const why = await clusterUnavailable();
  if (why !== undefined) throw new Error(`bench:engines needs PostgreSQL and Caddy: ${why}`);
  const loadBefore = loadavg();
  const rows: Row[] = [];

  const sqlite = await startServerProcess({ env: ENV, readyPath: '/readyz' });
  try {
    rows.push(await measure('sqlite', sqlite.url));
  } finally {
    await sqlite.stop();
  }
  const one = await startCluster(1, ENV);
  try {
    rows.push(await measure('pg', one.instances[0]!.url));
    rows.push(await measure('pg+caddy', one.origin));
  } finally {
    await one.stop();
  }
  const three = await startCluster(3, ENV);
  try {
    rows.push(await measure('3×pg+caddy', three.origin));
  } finally {
    await three.stop();
  }

  const med = (xs: LoadResult[], key: 'rps' | 'p99') => median(xs.map((x) => x[key]));
  const base = rows[0]!;
  const lines = [
    '| set-up | create req/s | create p99 ms | create vs sqlite | reveal req/s | reveal p99 ms | reveal vs sqlite |',
    '| --- | --: | --: | --: | --: | --: | --: |',
    ...rows.map(
      (r) =>
        `| ${r.setup} | ${med(r.create, 'rps').toFixed(0)} | ${med(r.create, 'p99').toFixed(1)} | ${(med(r.create, 'rps') / med(base.create, 'rps')).toFixed(2)} | ${med(r.reveal, 'rps').toFixed(0)} | ${med(r.reveal, 'p99').toFixed(1)} | ${(med(r.reveal, 'rps') / med(base.reveal, 'rps')).toFixed(2)} |`,
    ),
  ];
  const fmt = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  const markdown = [
    ...lines,
    '',
    `${new Date().toISOString()}; command \`pnpm bench:engines\` (${N} requests × ${ROUNDS} rounds, ${CONNECTIONS} connections, ${WARMUP} warm-up; medians); ` +
      `load average (1/5/15 min) ${fmt(loadBefore)} before, ${fmt(loadavg())} after.`,
  ].join('\n');
  console.log('\n' + markdown + '\n');
  if (!args['no-write']) writeDocBlock('engines', markdown);
}

await main();
