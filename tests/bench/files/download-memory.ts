/**
 * Does the browser's memory during a file download depend on the file, or is it garbage waiting for
 * collection? `pnpm bench:files` reports each phase's peak; this follows one download in a real
 * Chromium second by second and keeps watching after it ends, while the page sits idle. Memory the
 * download still holds stays; transferred chunk buffers waiting for each thread's garbage collector
 * are given back once the collectors run.
 *
 *   pnpm run build && node tests/bench/files/download-memory.ts [--size 3072] [--settle 30]
 *
 * The push is made with the CLI (the same format, uploaded from Node, so no browser memory is spent
 * on it); the recipient's page reveals it and downloads through the service worker. Prints one line
 * per second: seconds, the renderers' RssAnon summed (MiB, /proc), and the whole Chromium tree's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../support/chromium.ts';
import { REPO_ROOT, startServerProcess } from '../../support/server-process.ts';
import { writeBenchFile } from './bench-file.ts';
import { processRss, processTree, treeRss } from '../process/memory.ts';

const MiB = 1024 * 1024;
const { values } = parseArgs({
  options: { size: { type: 'string', default: '3072' }, settle: { type: 'string', default: '30' } },
});
const size = Number(values.size) * MiB;
const settleMs = Number(values.settle) * 1000;

function renderersAnon(root: number): number {
  const pids = processTree(root);
  const renderers = pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer');
    } catch {
      return false;
    }
  });
  return renderers.reduce((sum, pid) => sum + processRss(pid).anon, 0);
}

const dir = mkdtempSync(join(tmpdir(), 'zkpush-dlmem-'));
const server = await startServerProcess({ maxLogLines: 100 });
const browserServer = await chromium.launchServer({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS] });
try {
  const file = await writeBenchFile(join(dir, 'file.bin'), size);
  console.log(`[download-memory] pushing ${size / MiB} MiB with the CLI`);
  const link = execFileSync(
    process.execPath,
    ['cli/bin/zkpush.js', 'push', '-f', file.path, '--server', server.url, '--expires', '1h'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] },
  )
    .toString()
    .trim();
  const root = browserServer.process().pid!;
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  const start = Date.now();
  const sample = (): void => {
    const seconds = ((Date.now() - start) / 1000).toFixed(0).padStart(4);
    const renderers = Math.round(renderersAnon(root) / MiB);
    console.log(`${seconds} s  renderers ${renderers} MiB  tree ${Math.round(treeRss(root).anon / MiB)} MiB`);
  };
  const timer = setInterval(sample, 1000);
  await page.goto(link);
  await page.getByRole('button', { name: /Reveal/ }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download', exact: true }).first().click();
  const started = await download;
  await page.getByText('Downloaded and verified.').waitFor({ timeout: 30 * 60_000 });
  console.log(
    `[download-memory] downloaded and verified after ${(Date.now() - start) / 1000} s; failure: ${await started.failure()}; now idle`,
  );
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  clearInterval(timer);
  await browser.close();
} finally {
  await browserServer.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
