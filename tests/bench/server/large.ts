/**
 * `pnpm bench:large` — does zkpush stay as fast with a full database, does anything stall a request,
 * and how much memory does the server take (issue 11 "Benchmarks")?
 *
 * 1. Fill: a data directory is migrated by the real server, then this process writes 1,000,000 text
 *    pushes (1 KiB envelopes, a `created` event each — what a create stores) straight into its SQLite
 *    file with better-sqlite3, in one transaction, plus 10,000 more that will expire during step 3.
 * 2. Throughput: two production servers run side by side — one on the empty database, one on the full
 *    one, the same settings as `pnpm bench` — and each round runs create and reveal on both, alternating
 *    which goes first; the report gives the full ÷ empty ratio (median round). Target: within 10 %.
 * 3. Stalls: a 30 s run against the full database — creates and reveals at once, `--connections` in
 *    all — during which the 10,000 pushes expire and the sweeper (ZKPUSH_SWEEP_INTERVAL=5s) erases them
 *    and checkpoints the WAL, besides the checkpoint worker's own PASSIVE checkpoints. Reports p50, p99
 *    and the slowest request. Target: none slower than 50 ms.
 * 4. Memory: the resident set (RSS) of each server idle after start-up and its peak under load
 *    (tests/support/rss-sampler.ts), against a bare Node + Hono process (bare-server.ts alone) idle and
 *    under the same load. Target: idle ≤ 100 MB, load ≤ 150 MB.
 *
 * Run: `npx -y pnpm@12.21.0 run bench:large [--pushes N] [--requests N] [--rounds N] [--connections N]
 * [--seconds N]` (defaults 1000000, 3000, 3, 32, 30). Needs ~1.5 GB in the temp directory.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT, freePort, startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { runLoad, type LoadResult, type PreparedRequest } from './load.ts';
import { createBody, median, postJson, preCreate } from './pushes.ts';
import { EXPIRING_AT, fillDatabase, isSqliteConstructor } from './large-fill.ts';
import { idleRss, peakRss } from './rss.ts';

const { values: args } = parseArgs({
  options: {
    pushes: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    seconds: { type: 'string', default: '30' },
  },
});
const PUSHES = Number(args.pushes);
const N = Number(args.requests);
const ROUNDS = Number(args.rounds);
const CONNECTIONS = Number(args.connections);
const SECONDS = Number(args.seconds);
const EXPIRING = 10_000;
const SWEEP_INTERVAL_S = 5;

const log = (msg: string) => console.log(`[large] ${msg} (load ${loadavg()[0]!.toFixed(2)})`);

const ENV = {
  ZKPUSH_LOG_LEVEL: 'info',
  ZKPUSH_RATE_CREATE: '1000000/sec',
  ZKPUSH_RATE_META: '1000000/sec',
  ZKPUSH_RATE_REVEAL: '1000000/sec',
  ZKPUSH_RATE_FAILURES: '1000000/sec',
  ZKPUSH_SWEEP_INTERVAL: `${SWEEP_INTERVAL_S}s`,
};
const RSS_SAMPLER = ['--import', './tests/support/rss-sampler.ts'];
const SCENARIOS = ['create', 'reveal'] as const;
type Scenario = (typeof SCENARIOS)[number];
const DBS = ['empty', 'full'] as const;
type Db = (typeof DBS)[number];

/** better-sqlite3 is the API's dependency: load it from there. */
const requireFromApi = createRequire(join(REPO_ROOT, 'api/package.json'));

async function start(dataDir: string, work: string, name: string): Promise<ServerProcess> {
  return startServerProcess({
    nodeArgs: RSS_SAMPLER,
    env: { ...ENV, ZKPUSH_DATA_DIR: dataDir },
    stdoutFile: join(work, `${name}.log`),
    maxLogLines: 1000,
    readyTimeoutMs: 300_000,
  });
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'zkpush-large-'));
  const dirs: Record<Db, string> = { empty: join(work, 'empty'), full: join(work, 'full') };
  const servers: Partial<Record<Db, ServerProcess>> = {};
  let bare: ServerProcess | undefined;
  try {
    // The real server creates and migrates both databases; the fill then writes into the full one.
    for (const db of DBS) await (await start(dirs[db], work, `${db}-migrate`)).stop();
    log(`filling ${dirs.full} with ${PUSHES} pushes (+${EXPIRING} to expire)`);
    const BetterSqlite3: unknown = requireFromApi('better-sqlite3');
    if (!isSqliteConstructor(BetterSqlite3)) throw new Error('better-sqlite3 did not load');
    const filled = fillDatabase(BetterSqlite3, join(dirs.full, 'zkpush.sqlite'), PUSHES, EXPIRING);
    log(`filled in ${filled.seconds.toFixed(1)} s: ${(filled.bytes / 2 ** 20).toFixed(0)} MiB`);

    for (const db of DBS) servers[db] = await start(dirs[db], work, db);
    const idle = { empty: await idleRss(servers.empty!), full: await idleRss(servers.full!) };
    log(`idle RSS: empty ${mb(idle.empty)}, full ${mb(idle.full)}`);

    // --- 2. throughput, full vs empty ---
    const total = N * (ROUNDS + 1);
    const requests = {} as Record<Db, Record<Scenario, PreparedRequest[]>>;
    for (const db of DBS) {
      log(`preparing ${total} creates and reveals on ${db}`);
      requests[db] = {
        create: Array.from({ length: total }, () => postJson('/api/v1/secrets', createBody())),
        reveal: await preCreate(servers[db]!, total),
      };
    }
    const status: Record<Scenario, number> = { create: 201, reveal: 200 };
    const run = async (db: Db, s: Scenario, round: number): Promise<LoadResult> => {
      const r = await runLoad({
        url: servers[db]!.url,
        connections: CONNECTIONS,
        requests: requests[db][s].slice(round * N, (round + 1) * N),
        expectStatus: status[s],
      });
      if (Object.keys(r.unexpected).length > 0) throw new Error(`${db} ${s}: ${JSON.stringify(r.unexpected)}`);
      return r;
    };
    for (const db of DBS) for (const s of SCENARIOS) await run(db, s, 0); // warm-up
    const ratios: Record<Scenario, number[]> = { create: [], reveal: [] };
    const rps: Record<Db, Record<Scenario, number[]>> = {
      empty: { create: [], reveal: [] },
      full: { create: [], reveal: [] },
    };
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of SCENARIOS) {
        const order: Db[] = round % 2 === 0 ? ['empty', 'full'] : ['full', 'empty'];
        const r = {} as Record<Db, LoadResult>;
        for (const db of order) r[db] = await run(db, s, round);
        for (const db of DBS) rps[db][s].push(r[db].rps);
        ratios[s].push(r.full.rps / r.empty.rps);
        log(`round ${round} ${s}: empty ${r.empty.rps.toFixed(0)} req/s, full ${r.full.rps.toFixed(0)} req/s`);
      }
    }
    // --- 3. 30 s of creates and reveals at once: on the empty database as the same-run baseline, then
    // on the full one while EXPIRING pushes expire and are swept, besides the worker's checkpoints ---
    const perSecond = 2000;
    const half = Math.max(1, CONNECTIONS / 2);
    const timed = async (server: ServerProcess, beforeRun: () => void) => {
      log(`preparing ${SECONDS} s of creates and reveals on ${server.url}`);
      const creates = Array.from({ length: SECONDS * perSecond }, () => postJson('/api/v1/secrets', createBody()));
      const reveals = await preCreate(server, (SECONDS * perSecond) / 2);
      beforeRun();
      const until = performance.now() + SECONDS * 1000;
      const [c, v] = await Promise.all([
        runLoad({ url: server.url, connections: half, requests: creates, expectStatus: 201, until }),
        runLoad({ url: server.url, connections: half, requests: reveals, expectStatus: 200, until }),
      ]);
      return { c, v, creates };
    };
    const baseline = await timed(servers.empty!, () => undefined);
    await servers.empty!.stop();
    delete servers.empty;
    let sweptBefore: string[] = [];
    const { c, v, creates } = await timed(servers.full!, () => {
      // The EXPIRING pushes expire eight seconds into the run; the next sweep tick erases them.
      const db = new BetterSqlite3(join(dirs.full, 'zkpush.sqlite'));
      db.pragma('busy_timeout = 5000');
      db.prepare(`update secrets set expires_at = ? where state = 'active' and expires_at = ?`).run(
        Date.now() + 8000,
        EXPIRING_AT,
      );
      db.close();
      sweptBefore = sweepLines(work);
    });
    const sweeps = sweepLines(work).slice(sweptBefore.length);
    const peakFull = peakRss(servers.full!);
    await servers.full!.stop();
    delete servers.full;

    // --- 4. the bare Node + Hono process, idle and under the create load ---
    const barePort = await freePort();
    bare = await startServerProcess({
      nodeArgs: RSS_SAMPLER,
      script: 'tests/bench/server/bare-server.ts',
      env: { ZKPUSH_BENCH_BARE_PORT: String(barePort) },
      readyPath: '/bench/page',
      port: barePort,
    });
    const bareIdle = await idleRss(bare);
    await runLoad({
      url: bare.url,
      connections: CONNECTIONS,
      requests: creates.slice(0, 4 * N).map((r) => ({ ...r, path: '/bench/noop' })),
      expectStatus: 200,
    });
    const barePeak = peakRss(bare);

    const med = (xs: number[]) => median(xs).toFixed(2);
    const lines = [
      `- Database: ${PUSHES.toLocaleString('en')} pushes (${(filled.bytes / 2 ** 20).toFixed(0)} MiB), filled in ${filled.seconds.toFixed(0)} s`,
      `- Throughput full ÷ empty (median of ${ROUNDS} rounds, ${N} requests each, ${CONNECTIONS} connections): create ${med(ratios.create)} (${rps.full.create.map((x) => x.toFixed(0)).join(' / ')} vs ${rps.empty.create.map((x) => x.toFixed(0)).join(' / ')} req/s), reveal ${med(ratios.reveal)} (${rps.full.reveal.map((x) => x.toFixed(0)).join(' / ')} vs ${rps.empty.reveal.map((x) => x.toFixed(0)).join(' / ')} req/s)`,
      `- ${SECONDS} s run on the empty database, same load (baseline): create ${baseline.c.requests} at ${baseline.c.rps.toFixed(0)}/s, p50 ${baseline.c.p50.toFixed(1)} ms, p99 ${baseline.c.p99.toFixed(1)} ms, max ${baseline.c.max.toFixed(1)} ms; reveal ${baseline.v.requests} at ${baseline.v.rps.toFixed(0)}/s, p50 ${baseline.v.p50.toFixed(1)} ms, p99 ${baseline.v.p99.toFixed(1)} ms, max ${baseline.v.max.toFixed(1)} ms`,
      `- ${SECONDS} s run on the full database (${half} connections creating, ${half} revealing): create ${c.requests} at ${c.rps.toFixed(0)}/s, p50 ${c.p50.toFixed(1)} ms, p99 ${c.p99.toFixed(1)} ms, max ${c.max.toFixed(1)} ms; reveal ${v.requests} at ${v.rps.toFixed(0)}/s, p50 ${v.p50.toFixed(1)} ms, p99 ${v.p99.toFixed(1)} ms, max ${v.max.toFixed(1)} ms; unexpected ${JSON.stringify({ ...c.unexpected, ...v.unexpected })}`,
      `- Sweeps during the run: ${sweeps.length === 0 ? 'none logged' : sweeps.join('; ')}`,
      `- RSS idle after start-up: empty ${mb(idle.empty)}, full ${mb(idle.full)}, bare Node + Hono ${mb(bareIdle)}; peak: full during the ${SECONDS} s run ${mb(peakFull)}, bare under load ${mb(barePeak)}`,
    ];
    console.log('\n' + lines.join('\n') + '\n');
  } finally {
    for (const s of [servers.empty, servers.full, bare]) await s?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** The sweeper's `sweep` log lines written so far (server logs go to files under `work`). */
function sweepLines(work: string): string[] {
  let text: string;
  try {
    text = readFileSync(join(work, 'full.log'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l.includes('"msg":"sweep"'))
    .map((l) => l.trim());
}

await main();
