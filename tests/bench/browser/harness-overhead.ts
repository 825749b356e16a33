/**
 * `node tests/bench/browser/harness-overhead.ts` — what a browser-automation harness costs the browser it
 * drives, for the requests a file push makes: 1 MiB + 16-byte `fetch` PUTs (one at a time, then 4 in
 * flight) from a page to the bare baseline route, timed by the page itself (performance.now()).
 *
 * The same Chromium (/usr/bin/chromium, the flags of tests/support/chromium.ts) is driven in
 * several ways, one after another, each with a fresh browser:
 *
 *   cdp                 our pipe client (browser/cdp.ts): only Runtime.evaluate, nothing enabled
 *   cdp+Network         the same plus Network.enable on the page (what every Playwright page gets)
 *   cdp+Network(maxPostDataSize=1)  Network.enable with request bodies kept out of its events
 *   cdp+Fetch           the same plus Fetch.enable for every URL, each request continued (page.route)
 *   playwright          chromium.launch + newContext + newPage, nothing else
 *   playwright+trace    the same with context.tracing.start({ screenshots, snapshots }) running,
 *                       as `trace: 'on'` / 'retain-on-failure' in tests/playwright.config.ts does
 *   playwright+route    the same with context.route('**', route => route.continue())
 *
 * docs/performance.md "File pushes" has the results and what follows from them.
 * Options: --requests N per measurement (40), --rounds N (2), --only name,name.
 */
import { parseArgs } from 'node:util';
import { chromium, type Page as PwPage } from '@playwright/test';
import { freePort, startServerProcess } from '../../support/server-process.ts';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../support/chromium.ts';
import { launchChromium } from './chromium.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '40' },
    rounds: { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});
const N = Number(args.requests);
const ROUNDS = Number(args.rounds);

/** Runs in the page: PUTs `n` bodies of 1 MiB + 16 with `parallel` in flight; ms per request. */
const putLoop = (base: string, n: number, parallel: number): string => `(async () => {
  const bodies = Array.from({ length: ${parallel} }, () => crypto.getRandomValues(new Uint8Array(65536)));
  const size = 1048576 + 16;
  const make = () => { const b = new Uint8Array(size); for (let o = 0; o < size; o += 65536) b.set(bodies[0].subarray(0, Math.min(65536, size - o)), o); return b; };
  const times = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: ${parallel} }, async () => {
    for (let i = next++; i < ${n}; i = next++) {
      const body = make();
      const s = performance.now();
      const r = await fetch('${base}/bench/blobs/overhead/' + i * size, { method: 'PUT', body, headers: { 'content-type': 'application/octet-stream' } });
      await r.arrayBuffer();
      if (r.status !== 204) throw new Error('HTTP ' + r.status);
      times.push(performance.now() - s);
    }
  }));
  const total = performance.now() - t0;
  times.sort((a, b) => a - b);
  return { median: times[times.length >> 1], mean: times.reduce((a, b) => a + b, 0) / times.length, total };
})()`;

type Stats = { median: number; mean: number; total: number; cdpChars?: number };
type Driver = { name: string; run: (code: string) => Promise<Stats>; close: () => Promise<void> };
const isStats = (x: unknown): x is Stats =>
  typeof x === 'object' && x !== null && 'median' in x && 'mean' in x && 'total' in x;

async function cdpDriver(
  base: string,
  name: string,
  enable: 'none' | 'network' | 'network-post-1' | 'fetch',
): Promise<Driver> {
  const browser = await launchChromium();
  const ctx = await browser.newContext('/tmp');
  const page = await ctx.newPage(`${base}/bench/page`);
  if (enable === 'network') await page.session.send('Network.enable');
  // 0, the protocol's default, means no limit; 1 keeps request bodies out of the events.
  if (enable === 'network-post-1') await page.session.send('Network.enable', { maxPostDataSize: 1 });
  if (enable === 'fetch') {
    page.session.on('Fetch.requestPaused', (p) => {
      void page.session.send('Fetch.continueRequest', { requestId: String(p['requestId']) }).catch(() => undefined);
    });
    await page.session.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  }
  return {
    name,
    run: async (code) => {
      const before = browser.cdp.receivedChars;
      const r = await page.evaluate(code);
      if (!isStats(r)) throw new Error(`unexpected result ${JSON.stringify(r)}`);
      return { ...r, cdpChars: browser.cdp.receivedChars - before };
    },
    close: () => browser.close(),
  };
}

async function playwrightDriver(base: string, name: string, extra: 'none' | 'trace' | 'route'): Promise<Driver> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS] });
  const context = await browser.newContext();
  if (extra === 'trace') await context.tracing.start({ screenshots: true, snapshots: true, sources: false });
  if (extra === 'route') await context.route('**', (route) => route.continue());
  const page: PwPage = await context.newPage();
  await page.goto(`${base}/bench/page`);
  return {
    name,
    run: async (code) => {
      const r: unknown = await page.evaluate(code);
      if (!isStats(r)) throw new Error(`unexpected result ${JSON.stringify(r)}`);
      return r;
    },
    close: async () => {
      if (extra === 'trace') await context.tracing.stop();
      await browser.close();
    },
  };
}

const SETUPS: Record<string, (base: string) => Promise<Driver>> = {
  cdp: (b) => cdpDriver(b, 'cdp', 'none'),
  'cdp+Network': (b) => cdpDriver(b, 'cdp+Network', 'network'),
  'cdp+Network(maxPostDataSize=1)': (b) => cdpDriver(b, 'cdp+Network(maxPostDataSize=1)', 'network-post-1'),
  'cdp+Fetch': (b) => cdpDriver(b, 'cdp+Fetch', 'fetch'),
  playwright: (b) => playwrightDriver(b, 'playwright', 'none'),
  'playwright+trace': (b) => playwrightDriver(b, 'playwright+trace', 'trace'),
  'playwright+route': (b) => playwrightDriver(b, 'playwright+route', 'route'),
};

async function main(): Promise<void> {
  const barePort = await freePort();
  const server = await startServerProcess({
    nodeArgs: ['--import', './tests/bench/server/bare-server.ts'],
    env: { ZKPUSH_BENCH_BARE_PORT: String(barePort), ZKPUSH_LOG_LEVEL: 'warn' },
  });
  const base = `http://127.0.0.1:${barePort}`;
  const names = args.only ? args.only.split(',') : Object.keys(SETUPS);
  const rows: string[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const name of names) {
        const make = SETUPS[name];
        if (!make) throw new Error(`unknown setup ${name}`);
        const driver = await make(base);
        try {
          await driver.run(putLoop(base, 8, 1)); // warm-up: connection, code caches
          const one = await driver.run(putLoop(base, N, 1));
          const four = await driver.run(putLoop(base, N, 4));
          const row = `| ${round} | ${name} | ${one.median.toFixed(1)} | ${one.mean.toFixed(1)} | ${four.median.toFixed(1)} | ${((N * (1048576 + 16)) / 1048576 / (four.total / 1000)).toFixed(0)} | ${one.cdpChars === undefined ? '?' : (one.cdpChars / N / 1024).toFixed(0) + ' KiB'} |`;
          rows.push(row);
          console.log(row);
        } finally {
          await driver.close();
        }
      }
    }
  } finally {
    await server.stop();
  }
  console.log(
    '\n| round | driver | 1 in flight: median ms | mean ms | 4 in flight: median ms | MiB/s | DevTools traffic per request |\n| ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const r of rows) console.log(r);
}

await main();
