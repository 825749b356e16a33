/**
 * `pnpm bench:page`: how soon a recipient sees the secret. Against the production server (the real
 * entry point, production build), 10 runs each in a freshly launched headless Chromium (no cache, no
 * warm process): navigation to a fresh 1-view link, Reveal clicked the moment it is on the page, until
 * the secret is painted. Times are the page's own clock (performance.now(), 0 = navigation start):
 *
 * - `meta` — when the metadata request (`GET /api/v1/secrets/<id>`) started;
 * - `button` — when the Reveal button appeared (it is clicked in the same task, from the page);
 * - `painted` — the first animation frame after the secret's text is in the textarea, i.e. the frame
 *   that paints it.
 *
 * The clicking and timing run in a script the browser injects before any of the page's own
 * (Page.addScriptToEvaluateOnNewDocument, which the page's CSP does not apply to), so no round trip
 * to this process sits in what is measured. Also reported: the bytes of every same-origin response
 * the page loaded (HTML, JS, CSS), re-fetched with each Accept-Encoding (tests/bench/web/page-assets.ts).
 * Not a timed test: it writes the `page-load` block of docs/performance.md (`--no-write` only prints).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../support/chromium.ts';
import { startServerProcess } from '../../support/server-process.ts';
import { createViaApi, randomSecret } from '../../e2e/pushes.ts';
import { writeDocBlock } from '../doc-block.ts';
import { kib, recordAssets, totalSizes } from './page-assets.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, 'no-write': { type: 'boolean' } },
  strict: true,
});
const RUNS = Number(values.runs);

interface Run {
  meta: number;
  button: number;
  painted: number;
}

/**
 * Runs in the page before its own scripts (a string: this file is type-checked without the DOM
 * library). Clicks Reveal the moment it is enabled; records when, and the frame that paints the secret.
 */
const probe = (secret: string): string => `{
  const marks = (window.__bench = {});
  const check = () => {
    const button = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Reveal secret');
    if (button && marks.button === undefined && !button.disabled) {
      marks.button = performance.now();
      button.click();
    }
    const field = document.getElementById('revealed');
    if (field && field.value === ${JSON.stringify(secret)} && marks.shown === undefined) {
      marks.shown = performance.now();
      requestAnimationFrame(() => (marks.painted = performance.now()));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
}`;

type Probed = { __bench?: { button?: number; painted?: number } };

/** Read back in the page: the probe's marks and when the metadata request started. */
function readMarks(id: string): Run {
  const meta = performance
    .getEntriesByType('resource')
    .find((e) => new URL(e.name).pathname === `/api/v1/secrets/${id}`);
  const own = (globalThis as Probed).__bench;
  return { meta: meta?.startTime ?? NaN, button: own?.button ?? NaN, painted: own?.painted ?? NaN };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};

const server = await startServerProcess({ env: { ZKPUSH_RATE_LIMIT: 'off' } });
const runs: Run[] = [];
let assets: string[] = [];
try {
  for (let i = 0; i < RUNS; i += 1) {
    const secret = randomSecret('page-load');
    const push = await createViaApi(server.url, secret);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
    try {
      const context = await browser.newContext();
      const seen = recordAssets(context, server.url);
      const page = await context.newPage();
      await page.addInitScript({ content: probe(secret) });
      await page.goto(push.link);
      // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
      await page.waitForFunction(() => (globalThis as Probed).__bench?.painted !== undefined, undefined, {
        timeout: 60_000,
      });
      const marks = await page.evaluate(readMarks, push.id);
      runs.push(marks);
      console.log(
        `run ${i + 1}: meta ${marks.meta.toFixed(0)} ms, button ${marks.button.toFixed(0)} ms, painted ${marks.painted.toFixed(0)} ms`,
      );
      if (i === 0) {
        await page.waitForLoadState('networkidle');
        assets = [...seen];
      }
    } finally {
      await browser.close();
    }
  }

  const bytes = await totalSizes(server.url, assets);
  const html = assets.filter((a) => !/\.(js|css)$/.test(a)).length;
  const js = assets.filter((a) => a.endsWith('.js')).length;
  const css = assets.filter((a) => a.endsWith('.css')).length;
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const ms = (xs: number[]): string => `${median(xs).toFixed(0)}`;
  const range = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  const markdown = [
    `- Date: ${new Date().toISOString()}; commit ${commit}; load average at the end ${load} (1/5/15 min)`,
    `- Command: \`pnpm bench:page\` (= \`pnpm run build && node tests/bench/web/page-load.ts\`): ${RUNS} runs, each in a fresh headless Chromium`,
    '',
    '| measure (ms from navigation start) | median | range |',
    '| ---------------------------------- | -----: | ----: |',
    `| metadata request started | ${ms(runs.map((r) => r.meta))} | ${range(runs.map((r) => r.meta))} |`,
    `| Reveal button on the page (clicked) | ${ms(runs.map((r) => r.button))} | ${range(runs.map((r) => r.button))} |`,
    `| **secret painted** | **${ms(runs.map((r) => r.painted))}** | ${range(runs.map((r) => r.painted))} |`,
    '',
    `Reveal page of a text push, everything same-origin it loaded up to the painted secret (${html} HTML, ${js} JS, ${css} CSS; ` +
      `API answers not counted): ${kib(bytes.br)} KiB brotli, ${kib(bytes.gzip)} KiB gzip, ${kib(bytes.none)} KiB uncompressed.`,
  ].join('\n');
  console.log(markdown);
  if (values['no-write'] !== true) writeDocBlock('page-load', markdown);
} finally {
  await server.stop();
}
