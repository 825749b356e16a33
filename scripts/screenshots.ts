/**
 * The README's screenshots (issue 13 "Done when"): the create page and a revealed text push, in
 * English, Arabic (right-to-left) and Japanese, light and dark — docs/screenshots/{create,reveal}-
 * {en,ar,ja}-{light,dark}.png. `pnpm screenshots` builds the web app, then this starts the production
 * server (`node api/src/main.ts`, tests/support/server-process.ts) on a free loopback port with a
 * fresh data directory, drives the test suite's Chromium (tests/support/chromium.ts) and stops the
 * server by its pid when done, failed or interrupted.
 *
 * Usage: node scripts/screenshots.ts [OUT_DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../tests/support/chromium.ts';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../tests/support/server-process.ts';
import { createViaApi } from '../tests/e2e/helpers/pushes.ts';

const LOCALES = ['en', 'ar', 'ja'] as const;
const SCHEMES = ['light', 'dark'] as const;
/** What the shots show as the secret: obviously an example. */
const SAMPLE = 'wifi: ExampleCorp-Guest\npassword: correct-battery-staple-42';
const VIEWPORT = { width: 1000, height: 860 };

const outDir = resolve(process.argv[2] ?? join(REPO_ROOT, 'docs', 'screenshots'));

async function shoot(browser: Browser, server: ServerProcess): Promise<string[]> {
  const written: string[] = [];
  for (const locale of LOCALES) {
    for (const colorScheme of SCHEMES) {
      // A first visit: the page follows navigator.languages (the context's locale).
      const context = await browser.newContext({
        baseURL: server.url,
        locale,
        colorScheme,
        viewport: VIEWPORT,
        reducedMotion: 'reduce',
      });
      try {
        const page = await context.newPage();
        await page.goto('/');
        const secret = page.locator('#secret');
        await secret.waitFor();
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        await secret.fill(SAMPLE);
        await secret.blur();
        written.push(await save(page, `create-${locale}-${colorScheme}.png`));

        // The recipient's page in the language the link carries (`/<lang>/s/<id>`), revealed.
        const push = await createViaApi(server.url, SAMPLE);
        const { pathname, hash } = new URL(push.link);
        await page.goto(`/${locale}${pathname}${hash}`);
        await page.locator('button.primary').first().click();
        // Revealed: the secret is in its (read-only) box.
        await expect(page.locator('textarea[readonly]').first()).toHaveValue(SAMPLE, { timeout: 30_000 });
        written.push(await save(page, `reveal-${locale}-${colorScheme}.png`));
      } finally {
        await context.close();
      }
    }
  }
  return written;
}

async function save(page: Page, name: string): Promise<string> {
  const path = join(outDir, name);
  // No blinking caret or half-finished transition in a committed picture.
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  return path;
}

/**
 * Without a font for a script Chromium draws boxes; Debian's Chromium finds fonts through fontconfig.
 * DejaVu (Chromium's own dependency) covers Latin and Arabic; Japanese needs e.g. fonts-noto-cjk.
 */
function missingFonts(): string[] {
  return (['ja', 'ar'] as const).filter((lang) => {
    const found = spawnSync('fc-list', [`:lang=${lang}`, 'family'], { encoding: 'utf8' });
    return found.status !== 0 || found.stdout.trim() === '';
  });
}

async function main(): Promise<void> {
  const missing = missingFonts();
  if (missing.length > 0) {
    throw new Error(
      `screenshots: no font for ${missing.join(', ')} (fc-list); install one, e.g. apt-get install fonts-noto-cjk`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const server = await startServerProcess({ env: { ZKPUSH_LOG_LEVEL: 'warn' } });
  // Interrupted (Ctrl-C, a CI timeout): stop the server by its pid before going.
  const onSignal = (signal: NodeJS.Signals): void => {
    void server.stop(5_000).finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS], headless: true });
    for (const path of await shoot(browser, server)) console.warn(`screenshots: wrote ${path}`);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

await main();
