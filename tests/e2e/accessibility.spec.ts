/**
 * Accessibility as a test (issue 13 §3): axe-core (WCAG 2.0/2.1 A and AA plus best practices) on every
 * page and state a person meets — create (empty, filled, with a passphrase, files chosen, uploading,
 * result, the delete question, deleted), reveal (before, passphrase prompt, wrong passphrase, after,
 * files revealed, already used, incomplete link, network down), the dashboard with an audit trail open,
 * the tokens page and an unknown route — on desktop and mobile, light and dark, and in Arabic (right
 * to left). Every state of a variant is scanned and all violations are reported together; the goal,
 * and the assertion, is zero.
 *
 * Names are looked up in the catalogues (web/messages/), so one walk drives every language.
 */
import { readFileSync } from 'node:fs';
import { devices, type BrowserContextOptions, type Page } from '@playwright/test';
import { axeViolations } from './helpers/axe.ts';
import { makeFile, createFilesViaApi, tempDir } from './helpers/file-pushes.ts';
import { expect, openFresh, test } from './helpers/fixtures.ts';
import { createPassphraseViaApi, createViaApi, randomSecret } from './helpers/pushes.ts';

type Catalogue = Record<string, unknown>;
const catalogue = (area: 'sender' | 'recipient', lang: string): Catalogue => {
  const url = new URL(`../../web/messages/${area}/${lang}.json`, import.meta.url);
  const parsed: unknown = JSON.parse(readFileSync(url, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`bad catalogue ${area}/${lang}`);
  return parsed as Catalogue;
};

interface Variant {
  name: string;
  lang: string;
  options: BrowserContextOptions;
}

const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const pixel = devices['Pixel 7'];
const mobile: BrowserContextOptions = {
  viewport: pixel.viewport,
  userAgent: pixel.userAgent,
  deviceScaleFactor: pixel.deviceScaleFactor,
  isMobile: pixel.isMobile,
  hasTouch: pixel.hasTouch,
};

// Each of desktop/mobile × light/dark once, and right to left on both sizes: four walks, not six —
// each takes 2–3 minutes on this 2-core machine, and the colour scheme does not depend on the language.
const VARIANTS: Variant[] = [
  { name: 'desktop light', lang: 'en', options: { ...desktop, colorScheme: 'light', locale: 'en-US' } },
  { name: 'mobile dark', lang: 'en', options: { ...mobile, colorScheme: 'dark', locale: 'en-US' } },
  { name: 'Arabic desktop dark', lang: 'ar', options: { ...desktop, colorScheme: 'dark', locale: 'ar' } },
  { name: 'Arabic mobile light', lang: 'ar', options: { ...mobile, colorScheme: 'light', locale: 'ar' } },
];

/** A catalogue string without placeholders (the plain messages used as accessible names here). */
function words(cat: Catalogue, key: string): string {
  const value = cat[key];
  if (typeof value !== 'string') throw new Error(`no plain message ${key}`);
  return value;
}

const h1 = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

test.describe('axe-core finds no violation', () => {
  test.setTimeout(300_000);

  for (const variant of VARIANTS) {
    test(`on every page and state — ${variant.name}`, async ({ openContext, server }) => {
      const s = (key: string) => words(catalogue('sender', variant.lang), key);
      const r = (key: string) => words(catalogue('recipient', variant.lang), key);
      const found: string[] = [];
      const scan = async (page: Page, state: string) => {
        found.push(...(await axeViolations(page, state)));
      };

      // ---- Create ----
      const sender = await openContext('sender', variant.options);
      const page = sender.page;
      await page.goto('/');
      await expect(h1(page, s('create_page_heading'))).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('dir', variant.lang === 'ar' ? 'rtl' : 'ltr');
      await scan(page, 'create empty');
      await page.getByLabel(s('create_secret_label'), { exact: true }).fill(randomSecret('axe'));
      await page.getByText(s('create_options_summary'), { exact: true }).click();
      await page.getByLabel(new RegExp(`^${s('create_options_label')}`)).fill('axe label');
      // Spellcheck is off in the label (and message) fields, as in the secret (issue 13 §4 item 12).
      await expect(page.getByLabel(new RegExp(`^${s('create_options_label')}`))).toHaveAttribute('spellcheck', 'false');
      await scan(page, 'create filled, options open');
      await page.getByLabel(new RegExp(`^${s('create_passphrase_label')}`)).fill('tr0ub4dor&3 axe');
      await scan(page, 'create with passphrase');
      await page.getByLabel(new RegExp(`^${s('create_passphrase_label')}`)).fill('');
      await page.getByRole('button', { name: s('create_submit_create') }).click();
      await expect(h1(page, s('create_result_heading'))).toBeVisible();
      await scan(page, 'result');
      const link = await page.getByLabel(s('create_result_link'), { exact: true }).inputValue();

      // Files chosen, then uploading (chunk uploads held back until the scan is done), then cancelled.
      const dir = await tempDir();
      const file = await makeFile(dir, 'axe', 3 * 1024 * 1024);
      await page.goto('/');
      await page.getByRole('radio', { name: s('create_mode_files') }).check();
      await page.locator('input[type="file"]').setInputFiles([file.path]);
      await expect(page.getByText(file.name, { exact: true })).toBeVisible();
      await scan(page, 'files chosen');
      // One picker control for assistive technology, not two (issue 13 §4 item 5).
      await expect(page.locator('input[type="file"]')).toHaveAttribute('aria-hidden', 'true');
      await expect(page.getByRole('button', { name: s('create_files_choose') })).toHaveCount(1);
      await expect(page.getByLabel(new RegExp(`^${s('create_message_label')}`))).toHaveAttribute('spellcheck', 'false');
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(/\/chunks\/\d+$/, async (route) => {
        await held;
        await route.continue().catch(() => undefined);
      });
      await page.getByRole('button', { name: s('create_submit_create') }).click();
      await expect(page.getByRole('button', { name: s('create_upload_cancel') })).toBeVisible({ timeout: 30_000 });
      await scan(page, 'uploading');
      await page.getByRole('button', { name: s('create_upload_cancel') }).click();
      await expect(page.getByRole('button', { name: s('create_submit_create') })).toBeVisible({ timeout: 30_000 });
      release();
      await page.unroute(/\/chunks\/\d+$/);
      await scan(page, 'upload cancelled');

      // ---- Reveal ----
      const recipient = await openContext('recipient', variant.options);
      const rp = recipient.page;
      await openFresh(rp, link);
      await expect(h1(rp, r('reveal_heading_received_secret'))).toBeVisible();
      await scan(rp, 'reveal before');
      await rp.getByRole('button', { name: r('reveal_reveal_secret') }).click();
      await expect(h1(rp, r('reveal_heading_secret'))).toBeVisible();
      await scan(rp, 'reveal after');
      await openFresh(rp, link);
      await expect(rp.locator('h1')).not.toHaveText(r('reveal_heading_received_secret'));
      await expect(rp.locator('main h1')).toBeVisible();
      await scan(rp, 'reveal already used');

      const pushed = await createPassphraseViaApi(server.url, randomSecret('axe pp'), 'axe passphrase');
      await openFresh(rp, pushed.link);
      await expect(rp.getByLabel(r('reveal_passphrase_label'), { exact: true })).toBeVisible();
      await scan(rp, 'passphrase prompt');
      await rp.getByLabel(r('reveal_passphrase_label'), { exact: true }).fill('not it');
      await rp.getByRole('button', { name: r('reveal_reveal_secret') }).click();
      await expect(rp.getByRole('alert').filter({ hasText: r('reveal_passphrase_wrong') })).toBeVisible();
      await scan(rp, 'wrong passphrase');

      const plain = await createViaApi(server.url, randomSecret('axe states'));
      await openFresh(rp, `/s/${plain.id}`);
      await expect(rp.locator('main h1')).toBeVisible();
      await scan(rp, 'incomplete link');
      const metaPath = `**/api/v1/secrets/${plain.id}`;
      await rp.route(metaPath, (route) => route.abort('internetdisconnected'));
      await openFresh(rp, plain.link);
      await expect(rp.getByRole('button', { name: r('ui_retry') })).toBeVisible();
      await scan(rp, 'network down');
      await rp.unroute(metaPath);

      const small = await makeFile(dir, 'axe-small', 2048);
      const files = await createFilesViaApi(server.url, [small], {
        message: 'axe message',
      });
      await openFresh(rp, files.link);
      await expect(h1(rp, r('reveal_heading_received_files'))).toBeVisible();
      await scan(rp, 'files before');
      await rp.getByRole('button', { name: r('reveal_reveal_files') }).click();
      await expect(h1(rp, r('reveal_heading_files'))).toBeVisible();
      await scan(rp, 'files revealed');
      // Each Download names its file (issue 13 §4 item 5).
      await expect(
        rp.getByRole('button', { name: `${r('reveal_file_download')} ${small.name}`, exact: true }),
      ).toBeVisible();

      // ---- Dashboard (the first push, viewed once: two events), tokens, 404 ----
      await page.goto('/dashboard');
      await expect(h1(page, s('dash_page_heading'))).toBeVisible();
      await page.locator('article details summary').first().click();
      await expect(page.locator('article details[open] li').first()).toBeVisible();
      await scan(page, 'dashboard with audit trail');
      // The repeated buttons name their push (issue 13 §4 item 5); this one ended (viewed): Forget.
      await expect(page.getByRole('button', { name: `${s('dash_item_forget')} axe label`, exact: true })).toBeVisible();
      await page.goto('/tokens');
      await expect(page.locator('h1')).toBeVisible();
      await scan(page, 'tokens');
      await page.goto('/no-such-page');
      await expect(page.locator('body')).not.toBeEmpty();
      await scan(page, '404');

      expect(found).toEqual([]);
    });
  }
});
