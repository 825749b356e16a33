/**
 * `pnpm bench:page-bytes`: how many bytes of JavaScript and CSS each page makes the browser download,
 * unencoded, gzip and brotli, as the production server sends them. Headless Chromium opens the create
 * page (until its form is ready) and a fresh link's reveal page (until the secret is painted after a
 * click on Reveal); every same-origin .js/.css response it saw — workers included — is then fetched
 * again with each Accept-Encoding and its body bytes (= Content-Length) summed. Not a timed test: it
 * writes the `page-bytes` block of docs/performance.md (`--no-write` only prints).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../support/chromium.ts';
import { startServerProcess } from '../../support/server-process.ts';
import { createViaApi, randomSecret } from '../../e2e/helpers/pushes.ts';
import { writeDocBlock } from '../doc-block.ts';
import { ENCODINGS, kib, recordAssets, sizes, type Sizes } from './page-assets.ts';

const { values } = parseArgs({ options: { 'no-write': { type: 'boolean' } }, strict: true });

interface PageLoad {
  readonly name: string;
  readonly path: string;
  /** Same-origin script and stylesheet URLs the page loaded, in order of first response. */
  readonly assets: string[];
}

const server = await startServerProcess({ env: { ZKPUSH_RATE_LIMIT: 'off' } });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
const loads: PageLoad[] = [];
try {
  {
    const context = await browser.newContext();
    const assets = recordAssets(context, server.url, false);
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Create link' }).waitFor();
    await page.waitForLoadState('networkidle');
    loads.push({ name: 'create', path: '/', assets: [...assets] });
    await context.close();
  }
  {
    const secret = randomSecret('page-bytes');
    const push = await createViaApi(server.url, secret);
    const context = await browser.newContext();
    const assets = recordAssets(context, server.url, false);
    const page = await context.newPage();
    await page.goto(push.link);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await page.getByRole('heading', { level: 1, name: "Here's your secret" }).waitFor();
    const shown = await page.getByLabel('Secret', { exact: true }).inputValue();
    if (shown !== secret) throw new Error('the reveal page showed something else than the secret');
    await page.waitForLoadState('networkidle');
    loads.push({ name: 'reveal', path: '/s/<id>', assets: [...assets] });
    await context.close();
  }

  const rows: string[] = [];
  for (const load of loads) {
    const total: Sizes = { none: 0, gzip: 0, br: 0 };
    let js = 0;
    let css = 0;
    for (const asset of load.assets) {
      const s = await sizes(server.url, asset);
      for (const [name] of ENCODINGS) total[name] += s[name];
      if (asset.endsWith('.css')) css += 1;
      else js += 1;
    }
    const page = await sizes(server.url, load.path === '/' ? '/' : '/s/AAAAAAAAAAAAAAAAAAAAAA');
    rows.push(
      `| ${load.name} | \`${load.path}\` | ${js} JS + ${css} CSS | ${kib(total.none)} | ${kib(total.gzip)} | ${kib(total.br)} | ` +
        `${(total.br / total.none).toFixed(2)} | ${kib(page.none)} / ${kib(page.gzip)} / ${kib(page.br)} |`,
    );
  }
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const markdown = [
    `- Date: ${new Date().toISOString()}; commit ${commit.trim()}; Node ${process.version}`,
    '- Command: `pnpm bench:page-bytes` (= `pnpm run build && node tests/bench/web/page-bytes.ts`)',
    '',
    '| page | path | files | JS + CSS none KiB | gzip KiB | br KiB | br / none | HTML none / gzip / br KiB |',
    '| ---- | ---- | ----- | ----------------: | -------: | -----: | --------: | ------------------------: |',
    ...rows,
  ].join('\n');
  console.log(markdown);
  if (values['no-write'] !== true) writeDocBlock('page-bytes', markdown);
} finally {
  await browser.close();
  await server.stop();
}
