/**
 * A branded instance and the instance switches, in Chromium against the real server (issue 13 §2):
 * the operator's name, logo (the dark one under a dark colour scheme), accent colour, tagline,
 * disclaimer on the create and reveal pages, translated footer links and custom stylesheet all show,
 * and a `securitypolicyviolation` listener installed before any page script sees nothing — the brand
 * lives under the pages' strict CSP unchanged. Then the switches: files and passphrases off, the
 * dashboard off, and a retrieval-only gateway whose create page explains itself instead of a form.
 * Each test starts its own server with its environment and stops it (by pid) afterwards.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import * as v from 'valibot';
import { ServerConfig } from '@zkpush/shared/schemas';
import { startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { createThroughUi } from './helpers/create-ui.ts';
import { expect, test } from './helpers/fixtures.ts';
import { randomSecret } from './helpers/pushes.ts';

const LIGHT_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="28"><rect width="96" height="28" fill="#0b5d1e"/></svg>';
const DARK_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="28"><rect width="96" height="28" fill="#6ee7a0"/></svg>';
/** The operator's stylesheet: one visible, checkable rule. */
const SITE_CSS = ':root:root { --brand-test: 1; }\n.site-footer { letter-spacing: 0.5px; }\n';

const BRAND = {
  ZKPUSH_BRAND_NAME: 'Acme <Secrets> & Co',
  ZKPUSH_BRAND_TAGLINE: 'Send credentials, not emails',
  ZKPUSH_BRAND_DISCLAIMER: 'For Acme staff and partners. <b>Misuse</b> is reported.',
  ZKPUSH_BRAND_ACCENT: '#0b5d1e',
  ZKPUSH_BRAND_ACCENT_DARK: '#6ee7a0',
  ZKPUSH_BRAND_IMPRINT_URL: 'https://acme.example/imprint',
  ZKPUSH_BRAND_PRIVACY_URL: 'https://acme.example/privacy',
  ZKPUSH_BRAND_SUPPORT_URL: 'mailto:it@acme.example',
};

/** Every CSP violation the page reports, from before its first script (the listener runs first). */
const CSP_LISTENER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
  });
`;

async function cspViolations(page: Page): Promise<unknown> {
  return page.evaluate<unknown>('window.__cspViolations');
}

let server: ServerProcess | undefined;
let dir: string | undefined;

test.afterEach(async () => {
  await server?.stop();
  server = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function brandedServer(): Promise<ServerProcess> {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-e2e-brand-'));
  writeFileSync(join(dir, 'logo.svg'), LIGHT_LOGO);
  writeFileSync(join(dir, 'logo-dark.svg'), DARK_LOGO);
  writeFileSync(join(dir, 'site.css'), SITE_CSS);
  return startServerProcess({
    env: {
      ...BRAND,
      ZKPUSH_BRAND_LOGO: join(dir, 'logo.svg'),
      ZKPUSH_BRAND_LOGO_DARK: join(dir, 'logo-dark.svg'),
      ZKPUSH_BRAND_CSS: join(dir, 'site.css'),
    },
  });
}

async function contextWithListener(
  browser: Browser,
  baseURL: string,
  colorScheme: 'light' | 'dark',
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, colorScheme });
  await context.addInitScript({ content: CSP_LISTENER });
  return context;
}

async function expectBrandShell(page: Page, logo: string): Promise<void> {
  const header = page.getByRole('banner');
  const home = header.getByRole('link', { name: BRAND.ZKPUSH_BRAND_NAME, exact: true });
  await expect(home).toBeVisible();
  await expect(header.getByText(BRAND.ZKPUSH_BRAND_TAGLINE, { exact: true })).toBeVisible();
  // The <picture> picks the logo for the colour scheme; the image has loaded and is drawn.
  await expect(home.locator('img')).toBeVisible();
  const img = "document.querySelector('header .brand-mark img')";
  await expect.poll(() => page.evaluate(`${img}.complete ? ${img}.naturalWidth : 0`)).toBe(96);
  expect(await page.evaluate(`new URL(${img}.currentSrc).pathname`)).toBe(logo);
  // zkpush's own name and padlock are replaced, not shown beside the operator's.
  await expect(header.getByRole('link', { name: /zkpush/ })).toHaveCount(0);
  // The titles the page sets name the operator, not zkpush.
  await expect.poll(() => page.title()).toContain(BRAND.ZKPUSH_BRAND_NAME);
  expect(await page.title()).not.toContain('zkpush');
  const footer = page.getByRole('contentinfo');
  // Operator text is text: the markup in the disclaimer shows as written, no <b> element appears.
  await expect(footer.getByText(BRAND.ZKPUSH_BRAND_DISCLAIMER, { exact: true })).toBeVisible();
  await expect(footer.locator('b')).toHaveCount(0);
  await expect(footer.getByRole('link', { name: 'Support' })).toHaveAttribute('href', BRAND.ZKPUSH_BRAND_SUPPORT_URL);
  await expect(footer).toHaveCSS('letter-spacing', '0.5px');
}

test('a branded instance: name, logo per scheme, accent, disclaimer, footer links, its CSS; no CSP violation', async ({
  browser,
}) => {
  server = await brandedServer();
  const config = v.parse(ServerConfig, await (await fetch(`${server.url}/api/v1/config`)).json());
  const logo = config.brand.logo!;
  expect(logo.light).not.toBe(logo.dark);

  // Light: create a push on the create page, then open it on the reveal page.
  const light = await contextWithListener(browser, server.url, 'light');
  const page = await light.newPage();
  await page.goto('/');
  await expectBrandShell(page, logo.light);
  const footer = page.getByRole('contentinfo');
  await expect(footer.getByRole('link', { name: 'Imprint' })).toHaveAttribute('href', BRAND.ZKPUSH_BRAND_IMPRINT_URL);
  await expect(footer.getByRole('link', { name: 'Privacy' })).toHaveAttribute('href', BRAND.ZKPUSH_BRAND_PRIVACY_URL);
  // The accent stylesheet colours the primary button: #0b5d1e.
  await expect(page.getByRole('button', { name: 'Create link' })).toHaveCSS('background-color', 'rgb(11, 93, 30)');
  const text = randomSecret('e2e brand');
  const link = await createThroughUi(page, { text, views: '2 views' });
  await page.goto(link);
  await expectBrandShell(page, logo.light);
  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  expect(await cspViolations(page)).toEqual([]);

  // Dark: the dark logo and the dark accent; the footer's labels follow the page's language.
  const dark = await contextWithListener(browser, server.url, 'dark');
  const darkPage = await dark.newPage();
  await darkPage.goto('/');
  await expectBrandShell(darkPage, logo.dark);
  await expect(darkPage.getByRole('button', { name: 'Create link' })).toHaveCSS(
    'background-color',
    'rgb(110, 231, 160)',
  );
  expect(await cspViolations(darkPage)).toEqual([]);
  const { pathname, hash } = new URL(link);
  await darkPage.goto(`/de${pathname}${hash}`);
  const deFooter = darkPage.getByRole('contentinfo');
  await expect(deFooter.getByRole('link', { name: 'Impressum' })).toHaveAttribute(
    'href',
    BRAND.ZKPUSH_BRAND_IMPRINT_URL,
  );
  await expect(deFooter.getByRole('link', { name: 'Datenschutz' })).toBeVisible();
  await expect(deFooter.getByText(BRAND.ZKPUSH_BRAND_DISCLAIMER, { exact: true })).toBeVisible();
  expect(await cspViolations(darkPage)).toEqual([]);

  // The SvelteKit pages (dashboard, 404) carry the brand too.
  await darkPage.goto('/dashboard');
  await expectBrandShell(darkPage, logo.dark);
  expect(await cspViolations(darkPage)).toEqual([]);
  await light.close();
  await dark.close();
});

test('files, passphrases and the dashboard turned off: no file mode, no passphrase, no dashboard link', async ({
  browser,
}) => {
  server = await startServerProcess({
    env: { ZKPUSH_FILES_ALLOWED: 'false', ZKPUSH_PASSPHRASE_ALLOWED: 'false', ZKPUSH_DASHBOARD_ENABLED: 'false' },
  });
  const context = await contextWithListener(browser, server.url, 'light');
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByLabel('Secret', { exact: true })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Files' })).toHaveCount(0);
  await expect(page.getByLabel(/^Passphrase/)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Dashboard' })).toHaveCount(0);
  // Unbranded: zkpush's own name, and no footer links the operator did not set.
  await expect(page.getByRole('banner').getByRole('link', { name: /^zkpush/ })).toBeVisible();
  await expect(page.getByRole('contentinfo').getByRole('link')).toHaveCount(1);
  await createThroughUi(page, { text: randomSecret('e2e switches') });
  await expect(page.getByRole('link', { name: /dashboard/i })).toHaveCount(0);
  expect(await cspViolations(page)).toEqual([]);
  await context.close();
});

test('a retrieval-only gateway: the create page explains and shows no form', async ({ browser }) => {
  server = await startServerProcess({ env: { ZKPUSH_CREATE_ENABLED: 'false' } });
  const context = await contextWithListener(browser, server.url, 'light');
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.getByRole('note')).toContainText('This server only opens links');
  await expect(page.getByLabel('Secret', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Create link' })).toHaveCount(0);
  expect(await cspViolations(page)).toEqual([]);
  await context.close();
});
