/**
 * `pnpm bench:chunks` — the measurement behind the file chunk size (FILE_CHUNK_BYTES, docs/wire-format.md
 * §12.3), in headless Chromium against the bare baseline route of the production server's process,
 * for 64 KiB, 256 KiB, 1 MiB and 4 MiB chunks:
 *
 *   seal / open     XChaCha20-Poly1305 (shared/src/crypto.ts aeadSeal / aeadOpen, i.e. noble) in one
 *                   dedicated module worker, in a loop over `--mib` MiB: the crypto alone
 *   round trip      the same sealing as the app does it: each chunk transferred to the worker, sealed,
 *                   transferred back, one at a time — adds the per-chunk messaging cost
 *   PUT             uploading `--mib` MiB in chunks of that size from the page, unencrypted, to
 *                   the bare route (which writes them at their offsets): 1 request in flight (the
 *                   latency of one request) and 4 in flight (the app's concurrency)
 *
 * A least-squares fit of "one PUT's time = fixed cost + bytes ÷ bandwidth" over the four sizes gives
 * the per-request overhead. The machine is shared: `--rounds` rounds (3), medians reported.
 * Options: --mib N (64), --rounds N, --block NAME (docs/performance.md block, chunk-sizes), --doc PATH
 * (another copy of that file), --no-write.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { freePort, REPO_ROOT, startServerProcess } from '../../support/server-process.ts';
import { launchChromium } from '../browser/chromium.ts';
import { writeDocBlock } from '../doc-block.ts';

const { values: args } = parseArgs({
  options: {
    mib: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
    block: { type: 'string', default: 'chunk-sizes' },
    doc: { type: 'string' },
    'no-write': { type: 'boolean', default: false },
  },
});
const TOTAL = Number(args.mib) * 1024 * 1024;
const ROUNDS = Number(args.rounds);
const SIZES = [64 * 1024, 256 * 1024, 1024 * 1024, 4 * 1024 * 1024];

/** The worker: timed loops of the same AEAD calls the app's sealing worker and service worker make. */
const WORKER = `
import { aeadOpen, aeadSeal } from '@zkpush/shared/crypto';
const key = crypto.getRandomValues(new Uint8Array(32));
const nonce = crypto.getRandomValues(new Uint8Array(24));
const aad = Uint8Array.of(1);
self.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'loop') {
    const plain = crypto.getRandomValues(new Uint8Array(Math.min(m.size, 65536)));
    const chunk = new Uint8Array(m.size);
    for (let o = 0; o < m.size; o += plain.length) chunk.set(plain.subarray(0, Math.min(plain.length, m.size - o)), o);
    const n = Math.max(1, Math.round(m.total / m.size));
    const sealed = aeadSeal(key, nonce, aad, chunk);
    let t0 = performance.now();
    for (let i = 0; i < n; i++) aeadSeal(key, nonce, aad, chunk);
    const sealMs = performance.now() - t0;
    t0 = performance.now();
    for (let i = 0; i < n; i++) if (!aeadOpen(key, nonce, aad, sealed)) throw new Error('open failed');
    const openMs = performance.now() - t0;
    self.postMessage({ sealMs, openMs, bytes: n * m.size });
  } else {
    const sealed = aeadSeal(key, nonce, aad, m.plaintext);
    self.postMessage({ sealed }, [sealed.buffer]);
  }
};
`;

const PAGE = (size: number, total: number, parallel: number): string => `(async () => {
  const size = ${size}, n = Math.max(1, Math.round(${total} / size)), parallel = ${parallel};
  const seed = crypto.getRandomValues(new Uint8Array(65536));
  const make = () => { const b = new Uint8Array(size + 16); for (let o = 0; o < b.length; o += seed.length) b.set(seed.subarray(0, Math.min(seed.length, b.length - o)), o); return b; };
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = next++; i < n; i = next++) {
      const res = await fetch('/bench/blobs/chunks-' + size + '/' + i * (size + 16), { method: 'PUT', body: make(), headers: { 'content-type': 'application/octet-stream' } });
      await res.arrayBuffer();
      if (res.status !== 204) throw new Error('HTTP ' + res.status);
    }
  }));
  const ms = performance.now() - t0;
  await fetch('/bench/blobs/chunks-' + size, { method: 'DELETE' });
  return { ms, requests: n };
})()`;

const ROUND_TRIP = (size: number, total: number): string => `(async () => {
  const worker = window.__sealer ??= new Worker('/bench/static/chunk-worker.js', { type: 'module' });
  const size = ${size}, n = Math.max(1, Math.round(${total} / size));
  const seed = crypto.getRandomValues(new Uint8Array(65536));
  const once = () => new Promise((resolve) => {
    const plaintext = new Uint8Array(size);
    for (let o = 0; o < size; o += seed.length) plaintext.set(seed.subarray(0, Math.min(seed.length, size - o)), o);
    worker.onmessage = (e) => resolve(e.data.sealed.length);
    worker.postMessage({ type: 'seal', plaintext }, [plaintext.buffer]);
  });
  await once();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await once();
  return { ms: performance.now() - t0 };
})()`;

const LOOP = (size: number, total: number): string => `(async () => {
  const worker = window.__sealer ??= new Worker('/bench/static/chunk-worker.js', { type: 'module' });
  return await new Promise((resolve, reject) => {
    worker.onerror = (e) => reject(new Error('worker: ' + e.message));
    worker.onmessage = (e) => resolve(e.data);
    worker.postMessage({ type: 'loop', size: ${size}, total: ${total} });
  });
})()`;

type Row = {
  size: number;
  seal: number[];
  open: number[];
  trip: number[];
  put1: number[];
  put4: number[];
  put1Ms: number[];
};

const num = (r: unknown, k: string): number => {
  const v: unknown = typeof r === 'object' && r !== null ? Reflect.get(r, k) : undefined;
  if (typeof v !== 'number') throw new Error(`no ${k} in ${JSON.stringify(r)}`);
  return v;
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mibps = (bytes: number, ms: number): number => bytes / 1048576 / (ms / 1000);
const label = (size: number): string => (size >= 1048576 ? `${size / 1048576} MiB` : `${size / 1024} KiB`);

async function main(): Promise<void> {
  const staticDir = mkdtempSync(join(tmpdir(), 'zkpush-chunk-bench-'));
  const bundle = await build({
    stdin: { contents: WORKER, resolveDir: join(REPO_ROOT, 'tests'), loader: 'js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    write: false,
  });
  writeFileSync(join(staticDir, 'chunk-worker.js'), bundle.outputFiles[0]!.contents);
  const barePort = await freePort();
  const server = await startServerProcess({
    nodeArgs: ['--import', './tests/bench/server/bare-server.ts'],
    env: { ZKPUSH_BENCH_BARE_PORT: String(barePort), ZKPUSH_BENCH_BARE_STATIC: staticDir, ZKPUSH_LOG_LEVEL: 'warn' },
  });
  const browser = await launchChromium();
  const rows: Row[] = SIZES.map((size) => ({ size, seal: [], open: [], trip: [], put1: [], put4: [], put1Ms: [] }));
  const loads: number[] = [];
  try {
    const ctx = await browser.newContext(staticDir);
    const page = await ctx.newPage(`http://127.0.0.1:${barePort}/bench/page`);
    await page.evaluate(LOOP(65536, 8 * 1048576)); // warm-up: JIT, worker start
    await page.evaluate(PAGE(1048576, 8 * 1048576, 4));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const row of rows) {
        const loop = await page.evaluate(LOOP(row.size, TOTAL));
        row.seal.push(mibps(num(loop, 'bytes'), num(loop, 'sealMs')));
        row.open.push(mibps(num(loop, 'bytes'), num(loop, 'openMs')));
        row.trip.push(mibps(TOTAL, num(await page.evaluate(ROUND_TRIP(row.size, TOTAL)), 'ms')));
        const one = await page.evaluate(PAGE(row.size, TOTAL, 1));
        row.put1.push(mibps(TOTAL, num(one, 'ms')));
        row.put1Ms.push(num(one, 'ms') / num(one, 'requests'));
        row.put4.push(mibps(TOTAL, num(await page.evaluate(PAGE(row.size, TOTAL, 4)), 'ms')));
        console.log(
          `[bench:chunks] round ${round} ${label(row.size).padStart(7)}: seal ${row.seal.at(-1)!.toFixed(0)} MiB/s, open ${row.open.at(-1)!.toFixed(0)}, round trip ${row.trip.at(-1)!.toFixed(0)}, PUT×1 ${row.put1.at(-1)!.toFixed(0)} MiB/s (${row.put1Ms.at(-1)!.toFixed(1)} ms each), PUT×4 ${row.put4.at(-1)!.toFixed(0)} MiB/s`,
        );
      }
      loads.push(loadavg()[0]!);
    }
    await ctx.close();
  } finally {
    await browser.close();
    await server.stop();
    rmSync(staticDir, { recursive: true, force: true });
  }
  // One PUT, 1 in flight: ms = fixed + bytes / bandwidth. Least squares over the sizes.
  const xs = rows.map((r) => r.size + 16);
  const ys = rows.map((r) => median(r.put1Ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  const fixed = my - slope * mx;
  const md = [
    `- Date: ${new Date().toISOString()}; load average (1 min) after each round ${loads.map((l) => l.toFixed(1)).join(' / ')}`,
    `- Command: \`pnpm bench:chunks\` (${args.mib} MiB per measurement, ${ROUNDS} rounds, medians; one Chromium worker; PUTs to the bare route, no crypto)`,
    '',
    '| chunk | seal MiB/s | open MiB/s | seal round trip MiB/s | PUT ms each (1 in flight) | PUT MiB/s, 1 in flight | PUT MiB/s, 4 in flight | requests per GiB |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${label(r.size)} | ${median(r.seal).toFixed(0)} | ${median(r.open).toFixed(0)} | ${median(r.trip).toFixed(0)} | ${median(r.put1Ms).toFixed(1)} | ${median(r.put1).toFixed(0)} | ${median(r.put4).toFixed(0)} | ${(1073741824 / r.size).toFixed(0)} |`,
    ),
    '',
    `Fit of one PUT's time over the four sizes (1 in flight): **${fixed.toFixed(1)} ms fixed per request** + ${(slope * 1048576).toFixed(1)} ms per MiB. At that fixed cost a GiB in 64 KiB chunks spends ${((fixed * 16384) / 1000).toFixed(0)} s on request overhead alone, in 1 MiB chunks ${((fixed * 1024) / 1000).toFixed(1)} s.`,
  ].join('\n');
  console.log('\n' + md + '\n');
  if (!args['no-write']) writeDocBlock(args.block, md, args.doc);
}

await main();
