/**
 * `pnpm bench:files` — file pushes in headless Chromium against the production server: encrypt +
 * upload and download + decrypt of one file through the real web app, each against moving the same
 * bytes unencrypted from a page of the bare baseline's origin in the same run, with the browser's and
 * the server's peak memory. phases.ts describes the four phases; docs/performance.md "File
 * pushes" the method and the results.
 *
 * Set-up: `node api/src/main.ts` (default configuration, per-client rate limits out of reach, request
 * log at info into a file) with tests/bench/server/bare-server.ts preloaded into the same process, and
 * /usr/bin/chromium with the flags of the e2e tests (tests/support/chromium.ts), driven over a
 * DevTools pipe with no domain enabled but Page (around navigations) and Performance (heap
 * metrics): Playwright's Network.enable copies every request body into DevTools events
 * (browser/harness-overhead.ts measures it), which would make this a benchmark of the harness. Each size runs a warm-up, then `--rounds`
 * rounds of all four phases; the order alternates between rounds (app first, bare first) and each
 * ratio compares phases of the same round. report.ts renders the results.
 *
 * Options: --sizes MiB,MiB (256,1024: ascending, so the server's VmHWM after each size shows whether
 * memory grew with it), --rounds N (2), --no-baseline (only the app phases), --no-heap (no JS heap
 * polling over CDP, only /proc sampling), --profile (CPU time per thread of Chromium and the server
 * over each phase, printed), --js-profile (V8 CPU profiles of the app's pages and service worker,
 * saved to the temp directory and summarised; with either the results are not written), --block NAME (the
 * docs/performance.md block to write, default files-bench), --doc PATH (another copy of that file),
 * --no-write, --web-dir PATH (serve another build of the web app, e.g. a copy of main's, to compare
 * two builds in alternating runs on the same machine; implies --no-write).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, REPO_ROOT, startServerProcess } from '../../support/server-process.ts';
import { writeBenchFile, type BenchFile } from './bench-file.ts';
import { launchChromium } from '../browser/chromium.ts';
import { DownloadWatch } from './download-watch.ts';
import { appDownload, appUpload, bareDownload, bareUpload, type Measured, type PhaseEnv } from './phases.ts';
import { processHwm, PeakSampler } from '../process/memory.ts';
import { logMark, statsSince } from '../server/log-stats.ts';
import { MiB, mib, rate, renderReport, secs, type RoundResult, type SizeHwm } from './report.ts';
import { ThreadCpu } from '../process/thread-cpu.ts';
import { writeDocBlock } from '../doc-block.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '256,1024' },
    rounds: { type: 'string', default: '2' },
    'no-baseline': { type: 'boolean', default: false },
    'no-heap': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    'js-profile': { type: 'boolean', default: false },
    block: { type: 'string', default: 'files-bench' },
    doc: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
    'web-dir': { type: 'string' },
  },
});
const SIZES = args.sizes.split(',').map((s) => Number(s) * MiB);
const ROUNDS = Number(args.rounds);
const BASELINE = !args['no-baseline'];

function log(msg: string): void {
  console.log(`[bench:files] ${msg}`);
}

async function main(): Promise<void> {
  const webDir = args['web-dir'] ?? join(REPO_ROOT, 'web/build');
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new Error(`${webDir} holds no build: run \`pnpm run build\` first (\`pnpm bench:files\` does)`);
  }
  const work = mkdtempSync(join(tmpdir(), 'zkpush-files-bench-'));
  const downloadDir = join(work, 'downloads');
  const barePort = await freePort();
  const serverLog = join(work, 'server.log');
  const server = await startServerProcess({
    nodeArgs: ['--import', './tests/bench/server/bare-server.ts'],
    env: {
      ZKPUSH_BENCH_BARE_PORT: String(barePort),
      ZKPUSH_LOG_LEVEL: 'info',
      ZKPUSH_RATE_CREATE: '1000000/sec',
      ZKPUSH_RATE_META: '1000000/sec',
      ZKPUSH_RATE_REVEAL: '1000000/sec',
      ZKPUSH_RATE_FAILURES: '1000000/sec',
      ...(args['web-dir'] === undefined ? {} : { ZKPUSH_WEB_DIR: webDir }),
    },
    stdoutFile: serverLog,
    maxLogLines: 1000,
  });
  const serverPid = server.child.pid ?? 0;
  const browser = await launchChromium();
  // Ctrl-C: leave no browser, server or gigabytes of test files behind.
  const interrupted = (): void => {
    void (async () => {
      await browser.close();
      await server.stop();
      rmSync(work, { recursive: true, force: true });
      process.exit(130);
    })();
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const sampler = new PeakSampler(browser.pid, serverPid);
  sampler.start();
  const watch = new DownloadWatch(browser.root);
  const env: PhaseEnv = {
    browser,
    appUrl: server.url,
    bareUrl: `http://127.0.0.1:${barePort}`,
    downloadDir,
    watch,
    sampler,
    timeoutMs: 60 * 60 * 1000,
    heap: !args['no-heap'],
    ...(args.profile ? { cpu: new ThreadCpu(browser.pid, serverPid) } : {}),
    ...(args['js-profile'] ? { jsProfileDir: tmpdir() } : {}),
  };
  const results: RoundResult[] = [];
  const hwm: SizeHwm[] = [];
  const chromiumVersion = String((await browser.root.send('Browser.getVersion'))['product'] ?? '?');
  try {
    log(
      `zkpush on ${server.url} (pid ${serverPid}), bare routes on ${env.bareUrl}; ${chromiumVersion} (pid ${browser.pid})`,
    );
    const warm = await writeBenchFile(join(work, 'warm-up.bin'), 16 * MiB);
    await runRound(env, warm, 0, true, serverLog);
    rmSync(warm.path);
    for (const size of SIZES) {
      log(`generating a ${mib(size)} MiB file`);
      const file = await writeBenchFile(join(work, `bench-${mib(size)}MiB.bin`), size);
      for (let round = 1; round <= ROUNDS; round++) {
        const r = await runRound(env, file, round, round % 2 === 1, serverLog);
        results.push(r);
      }
      rmSync(file.path);
      hwm.push({ size, server: processHwm(serverPid) });
      log(`server VmHWM after the ${mib(size)} MiB runs: ${mib(hwm.at(-1)!.server)} MiB`);
    }
  } finally {
    sampler.stop();
    watch.close();
    await browser.close();
    const code = await server.stop();
    if (code !== 0 && code !== null) console.error(`server exited with ${code}:\n${server.logs.join('\n')}`);
    rmSync(work, { recursive: true, force: true });
  }
  // The command line as the report shows it: without --doc (a path on the machine that ran it).
  const shownArgs = process.argv.slice(2).filter((a, i, all) => a !== '--doc' && all[i - 1] !== '--doc');
  const report = renderReport(results, hwm, {
    sizes: SIZES,
    rounds: ROUNDS,
    baseline: BASELINE,
    shownArgs,
    chromium: chromiumVersion,
  });
  console.log('\n' + report + '\n');
  if (!args['no-write'] && !args.profile && !args['js-profile'] && args['web-dir'] === undefined) {
    writeDocBlock(args.block, report, args.doc);
    log(`updated docs/performance.md (${args.block})`);
  }
}

async function runRound(
  env: PhaseEnv,
  file: BenchFile,
  round: number,
  appFirst: boolean,
  serverLog: string,
): Promise<RoundResult> {
  const label = round === 0 ? 'warm-up' : `round ${round}`;
  const phases: RoundResult['phases'] = {};
  const bareName = `bare-${round}-${mib(file.size)}`;
  const app = async (): Promise<void> => {
    let mark = logMark(serverLog);
    const a = await appUpload(env, file);
    phases.a = { ...a, server: statsSince(serverLog, mark) };
    log(`${label} (a) app upload    ${secs(a.ms)} s  ${rate(file.size, a.ms)} MiB/s`);
    profile('(a)', a);
    mark = logMark(serverLog);
    const b = await appDownload(env, file, a.link);
    phases.b = { ...b, server: statsSince(serverLog, mark) };
    log(
      `${label} (b) app download  ${secs(b.ms)} s  ${rate(file.size, b.ms)} MiB/s (page saw it verified after ${secs(b.pageMs)} s)`,
    );
    profile('(b)', b);
  };
  const bare = async (): Promise<void> => {
    if (!BASELINE) return;
    const c = await bareUpload(env, file, bareName);
    phases.c = c;
    log(`${label} (c) bare upload   ${secs(c.ms)} s  ${rate(file.size, c.ms)} MiB/s`);
    profile('(c)', c);
    const d = await bareDownload(env, file, bareName);
    phases.d = d;
    log(`${label} (d) bare download ${secs(d.ms)} s  ${rate(file.size, d.ms)} MiB/s`);
    profile('(d)', d);
  };
  const profile = (phase: string, m: Measured): void => {
    if (!m.cpu) return;
    const total = m.cpu.reduce((n, g) => n + g.ms, 0);
    console.log(`  CPU over ${phase} (${secs(m.ms)} s wall, ${secs(total)} s CPU in the groups below):`);
    for (const g of m.cpu.slice(0, 14)) console.log(`    ${secs(g.ms).padStart(6)} s  ${g.key}`);
  };
  // Uploads first, then downloads, alternating which side goes first.
  if (appFirst) {
    await app();
    await bare();
  } else {
    await bare();
    await app();
  }
  return { size: file.size, round, order: appFirst ? 'app first' : 'bare first', load: loadavg()[0]!, phases };
}

await main();
