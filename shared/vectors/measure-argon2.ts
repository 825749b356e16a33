/**
 * Measures @noble/hashes Argon2id (the pure-JS KDF zkpush runs in the browser) for the candidate
 * parameter sets of docs/security.md "Passphrases", in Node and in headless Chromium, and node:crypto's
 * native (OpenSSL) Argon2id for comparison with what an attacker's native code does.
 *
 *   node shared/vectors/measure-argon2.ts               # Node + Chromium, 3 runs each
 *   node shared/vectors/measure-argon2.ts --runs 5 --no-browser
 *
 * Chromium is /usr/bin/chromium with the test suite's flags (tests/support/chromium.ts) driven by Playwright; the page and a Web Worker are served from a
 * throwaway server on 127.0.0.1 (a real origin, so `new Worker(url)` works as it will in the app).
 * Prints a Markdown table of min / median milliseconds per configuration and mode.
 */
import { argon2Sync } from 'node:crypto';
import { createServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { argon2id, argon2idAsync } from '@noble/hashes/argon2.js';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import * as v from 'valibot';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../tests/support/chromium.ts';

type Config = { label: string; m: number; t: number; p: number };
const CONFIGS: Config[] = [
  { label: 'm=19456 t=2 p=1 (OWASP minimum = zkpush floor)', m: 19456, t: 2, p: 1 },
  { label: 'm=47104 t=1 p=1 (OWASP 46 MiB)', m: 47104, t: 1, p: 1 },
  { label: 'm=47104 t=2 p=1 (46 MiB, 2 passes)', m: 47104, t: 2, p: 1 },
  { label: 'm=65536 t=2 p=1 (64 MiB, 2 passes = zkpush default)', m: 65536, t: 2, p: 1 },
  { label: 'm=65536 t=3 p=1 (RFC 9106 §4 second choice, p=1)', m: 65536, t: 3, p: 1 },
];

const arg = (name: string) => process.argv.indexOf(name);
const RUNS = arg('--runs') > 0 ? Number(process.argv[arg('--runs') + 1]) : 3;
const BROWSER = arg('--no-browser') < 0;

const password = new TextEncoder().encode('correct horse battery staple');
const salt = new Uint8Array(16).fill(7);

function summary(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)] ?? NaN;
  return `${Math.round(s[0] ?? NaN)} / ${Math.round(median)}`;
}

async function timeRuns(run: () => unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    out.push(performance.now() - t0);
  }
  return out;
}

async function measureNode(c: Config): Promise<Record<string, number[]>> {
  const opts = { m: c.m, t: c.t, p: c.p, dkLen: 32 };
  return {
    'Node noble sync': await timeRuns(() => argon2id(password, salt, opts)),
    'Node noble async (asyncTick 10)': await timeRuns(() => argon2idAsync(password, salt, { ...opts, asyncTick: 10 })),
    'Node native (OpenSSL)': await timeRuns(() =>
      argon2Sync('argon2id', {
        message: password,
        nonce: salt,
        memory: c.m,
        passes: c.t,
        parallelism: c.p,
        tagLength: 32,
      }),
    ),
  };
}

// Browser side, kept as plain JavaScript source so it needs no DOM typings here. The same bundle is
// the page script (exposes `bench`) and the worker script (answers one message per derivation).
const BROWSER_ENTRY = `
import { argon2id, argon2idAsync } from '@noble/hashes/argon2.js';
const pw = new TextEncoder().encode('correct horse battery staple');
const salt = new Uint8Array(16).fill(7);
const time = async (f) => { const t0 = performance.now(); await f(); return performance.now() - t0; };
if (typeof WorkerGlobalScope !== 'undefined') {
  self.onmessage = async (e) => {
    const { m, t, p } = e.data;
    const ms = await time(() => argon2idAsync(pw, salt, { m, t, p, dkLen: 32, asyncTick: 10, onProgress() {} }));
    self.postMessage(ms);
  };
} else {
  globalThis.bench = async ({ m, t, p, runs }) => {
    const sync = [], worker = [];
    argon2id(pw, salt, { m: 1024, t: 1, p: 1, dkLen: 32 }); // JIT warm-up, not measured
    for (let i = 0; i < runs; i++) sync.push(await time(() => argon2id(pw, salt, { m, t, p, dkLen: 32 })));
    const w = new Worker('/bundle.js', { type: 'module' });
    const inWorker = (params) => new Promise((resolve, reject) => {
      w.onmessage = (e) => resolve(e.data);
      w.onerror = (e) => reject(new Error(e.message));
      w.postMessage(params);
    });
    await inWorker({ m: 1024, t: 1, p: 1 }); // JIT warm-up, not measured
    for (let i = 0; i < runs; i++) worker.push(await inWorker({ m, t, p }));
    w.terminate();
    return { sync, worker, ua: navigator.userAgent, cores: navigator.hardwareConcurrency };
  };
}
`;

const BenchResult = v.object({
  sync: v.array(v.number()),
  worker: v.array(v.number()),
  ua: v.string(),
  cores: v.number(),
});

async function measureChromium(): Promise<{ ua: string; rows: Map<string, Record<string, number[]>> }> {
  const bundle = await build({
    stdin: { contents: BROWSER_ENTRY, resolveDir: new URL('.', import.meta.url).pathname, loader: 'js' },
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2022',
  });
  const js = bundle.outputFiles[0]?.text ?? '';
  const server = createServer((req, res) => {
    if (req.url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js);
    } else {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>argon2</title><script type="module" src="/bundle.js"></script>');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
  const rows = new Map<string, Record<string, number[]>>();
  let ua = '';
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction('typeof globalThis.bench === "function"');
    for (const c of CONFIGS) {
      const r: unknown = await page.evaluate(`bench(${JSON.stringify({ m: c.m, t: c.t, p: c.p, runs: RUNS })})`);
      const parsed = v.parse(BenchResult, r);
      ua = `${parsed.ua} (${parsed.cores} cores)`;
      rows.set(c.label, {
        'Chromium noble sync (main thread)': parsed.sync,
        'Chromium noble async in a Worker': parsed.worker,
      });
    }
  } finally {
    await browser.close();
    server.close();
  }
  return { ua, rows };
}

const cpu = cpus()[0]?.model ?? 'unknown';
process.stdout.write(
  `# Argon2id timings, ${RUNS} runs, min / median ms\n` +
    `Node ${process.version}, ${cpus().length} × ${cpu}, load average at start ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}\n`,
);
// Warm up the JIT so the first measured run is not an outlier.
argon2id(password, salt, { m: 1024, t: 1, p: 1, dkLen: 32 });
const nodeRows = new Map<string, Record<string, number[]>>();
for (const c of CONFIGS) nodeRows.set(c.label, await measureNode(c));
const browserResult = BROWSER ? await measureChromium() : undefined;
if (browserResult) process.stdout.write(`Chromium: ${browserResult.ua}\n`);
process.stdout.write(
  `load average at end ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}\n\n`,
);

const modes = [...Object.keys(nodeRows.get(CONFIGS[0]!.label) ?? {})];
if (browserResult) modes.push(...Object.keys(browserResult.rows.get(CONFIGS[0]!.label) ?? {}));
process.stdout.write(`| parameters | ${modes.join(' | ')} |\n|${' --- |'.repeat(modes.length + 1)}\n`);
for (const c of CONFIGS) {
  const all = { ...nodeRows.get(c.label), ...browserResult?.rows.get(c.label) };
  process.stdout.write(`| ${c.label} | ${modes.map((m) => summary(all[m] ?? [])).join(' | ')} |\n`);
}
