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
 * With `--baseline-web DIR` (another web build, e.g. main's), a second server serves that build and
 * its runs alternate with this build's, so both are measured under the same machine load.
 * Not a timed test: it writes the `page-load` block of docs/performance.md (`--no-write` only prints).
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../support/chromium.ts';
import { startServerProcess, type ServerProcess } from '../../support/server-process.ts';
import { createViaApi, randomSecret } from '../../e2e/helpers/pushes.ts';
import { writeDocBlock } from '../doc-block.ts';
import { kib, recordAssets, totalSizes } from './page-assets.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10' },
    // Another build of the web app (e.g. main's) served by a second server, measured in the same run:
    // its runs alternate with this build's, so both see the same machine load.
    'baseline-web': { type: 'string' },
    'no-write': { type: 'boolean' },
  },
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

interface Target {
  readonly name: string;
  readonly server: ServerProcess;
  readonly runs: Run[];
  assets: string[];
}

/** One fresh browser: open a fresh link, click Reveal at once, wait for the painted secret. */
async function measure(target: Target, label: string): Promise<void> {
  const secret = randomSecret('page-load');
  const push = await createViaApi(target.server.url, secret);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
  try {
    const context = await browser.newContext();
    const seen = recordAssets(context, target.server.url);
    const page = await context.newPage();
    await page.addInitScript({ content: probe(secret) });
    await page.goto(push.link);
    // A function, not a string: the page's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (globalThis as Probed).__bench?.painted !== undefined, undefined, {
      timeout: 60_000,
    });
    const marks = await page.evaluate(readMarks, push.id);
    target.runs.push(marks);
    console.log(
      `${label} ${target.name}: meta ${marks.meta.toFixed(0)} ms, button ${marks.button.toFixed(0)} ms, painted ${marks.painted.toFixed(0)} ms`,
    );
    if (target.assets.length === 0) {
      await page.waitForLoadState('networkidle');
      target.assets = [...seen];
    }
  } finally {
    await browser.close();
  }
}

const targets: Target[] = [];
try {
  const env = { ZKPUSH_RATE_LIMIT: 'off' };
  targets.push({ name: 'this build', server: await startServerProcess({ env }), runs: [], assets: [] });
  const baselineDir = values['baseline-web'];
  if (baselineDir !== undefined) {
    const server = await startServerProcess({ env: { ...env, ZKPUSH_WEB_DIR: resolve(baselineDir) } });
    targets.push({ name: 'baseline', server, runs: [], assets: [] });
  }
  for (let i = 0; i < RUNS; i += 1) {
    // Alternate which goes first, so neither always runs right after the other's browser exits.
    const order = i % 2 === 0 ? targets : [...targets].reverse();
    for (const target of order) await measure(target, `run ${i + 1}`);
  }

  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const cell = (xs: number[]): string =>
    `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  const rows: [string, (r: Run) => number][] = [
    ['metadata request started', (r) => r.meta],
    ['Reveal button on the page (clicked)', (r) => r.button],
    ['**secret painted**', (r) => r.painted],
  ];
  const names = targets.map((t) => (t.name === 'baseline' ? `baseline (\`${baselineDir}\`)` : t.name));
  const lines = [
    `- Date: ${new Date().toISOString()}; commit ${commit}; load average at the end ${load} (1/5/15 min)`,
    `- Command: \`pnpm bench:page\` (= \`pnpm run build && node tests/bench/web/page-load.ts\`)` +
      (baselineDir === undefined ? '' : ` with \`--baseline-web ${baselineDir}\``) +
      `: ${RUNS} runs per build, each in a fresh headless Chromium${targets.length > 1 ? ', builds alternating' : ''}`,
    '',
    `| ms from navigation start, median (range) | ${names.join(' | ')} |`,
    `| --- | ${targets.map(() => '---:').join(' | ')} |`,
    ...rows.map(([name, pick]) => `| ${name} | ${targets.map((t) => cell(t.runs.map(pick))).join(' | ')} |`),
    '',
    '| reveal page of a text push: everything same-origin it loaded (HTML, JS, CSS; API answers not counted) | files | brotli KiB | gzip KiB | none KiB |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const [i, target] of targets.entries()) {
    const bytes = await totalSizes(target.server.url, target.assets);
    lines.push(
      `| ${names[i]} | ${target.assets.length} | ${kib(bytes.br)} | ${kib(bytes.gzip)} | ${kib(bytes.none)} |`,
    );
  }
  const markdown = lines.join('\n');
  console.log(markdown);
  if (values['no-write'] !== true) writeDocBlock('page-load', markdown);
} finally {
  for (const target of targets) await target.server.stop();
}
