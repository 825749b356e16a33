/**
 * Unknown addresses and JavaScript turned off (issue 13 §4 item 4): an address that is none of the
 * app's pages answers HTTP 404 with the app's own styled page ("Page not found", a translated title, a
 * way home) — not a bare page with status 200 — and every shell says JavaScript is needed when it is
 * off, instead of staying blank.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from './helpers/fixtures.ts';

const sender = JSON.parse(
  readFileSync(new URL('../../web/messages/sender/en.json', import.meta.url), 'utf8'),
) as Record<string, string>;

test('an unknown address gets the styled 404 page with status 404', async ({ openContext }) => {
  const rec = await openContext('visitor');
  const res = await rec.page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(rec.page.getByRole('heading', { level: 1, name: sender.not_found_heading })).toBeVisible();
  await expect(rec.page).toHaveTitle(sender.not_found_page_title ?? '');
  expect((await rec.page.title()).trim()).not.toBe('');
  await rec.page.getByRole('link', { name: sender.not_found_home }).click();
  await expect(rec.page).toHaveURL(/\/$/);
});

test('the app pages themselves answer 200', async ({ openContext }) => {
  const rec = await openContext('visitor');
  for (const path of ['/', '/dashboard', '/s/AAAAAAAAAAAAAAAAAAAAAA']) {
    expect((await rec.page.goto(path))?.status(), path).toBe(200);
  }
});

// Checked on the served HTML: Chromium under Playwright's `javaScriptEnabled: false` still parses
// <noscript> as raw text (the parser's scripting flag stays on), so the rendered text cannot be
// asserted there; a browser with JavaScript really off renders the element's content.
test('every shell says JavaScript is needed, for a browser with JavaScript off', async ({ request, server }) => {
  for (const path of ['/', '/s/AAAAAAAAAAAAAAAAAAAAAA', '/dashboard', '/no-such-page']) {
    const html = await (await request.get(`${server.url}${path}`)).text();
    expect(html, path).toMatch(/<noscript>[\s\S]*This page needs JavaScript\.[\s\S]*<\/noscript>/);
  }
});
