/**
 * What the browser itself makes of the server's protective headers: the CSP is enforced (an injected
 * inline script does not run, framing is refused), and no header draws a warning.
 */
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { expect, test } from './fixtures.ts';
import { expectCsp, expectNoStore } from './assertions.ts';
import { createViaApi, randomSecret } from './pushes.ts';

test('pages load without a single console warning or error', async ({ openContext, server }) => {
  const push = await createViaApi(server.url, randomSecret('warnings'));
  const rec = await openContext('visitor');
  await rec.page.goto('/');
  await expect(rec.page.getByRole('button', { name: 'Create link' })).toBeVisible();
  await rec.page.goto(push.link);
  await expect(rec.page.getByRole('button', { name: 'Reveal secret' })).toBeVisible();
  await rec.settle();
  const noisy = rec.console.filter((e) => e.type === 'warning' || e.type === 'error');
  expect(noisy.map((e) => `${e.type}: ${e.text}`)).toEqual([]);
});

test('every HTML response carries the hardened CSP; the reveal page is never cached', async ({ openContext }) => {
  const rec = await openContext('visitor');
  const id = toBase64url(randomBytes(16));
  for (const path of ['/', `/s/${id}`, '/s/anything/else', '/no-such-page']) {
    await rec.page.goto(path);
  }
  await rec.settle();
  const docs = rec.responses.filter((r) => r.resourceType === 'document');
  expect(docs.length).toBe(4);
  for (const doc of docs) {
    if (doc.headers['content-type']?.startsWith('text/html')) expectCsp(doc);
    expect(doc.headers['x-content-type-options']).toBe('nosniff');
  }
  const reveal = docs.find((d) => new URL(d.url).pathname === `/s/${id}`);
  expect(reveal).toBeDefined();
  if (reveal) expectNoStore(reveal);
});

test('the CSP blocks an injected inline script', async ({ openContext }) => {
  const rec = await openContext('visitor');
  await rec.page.goto('/');
  await expect(rec.page.getByRole('button', { name: 'Create link' })).toBeVisible();
  // Simulates an HTML injection: an inline <script> added to the DOM must not execute.
  await rec.page.evaluate(
    "{ const s = document.createElement('script'); s.textContent = 'window.__injected = true'; document.body.append(s); }",
  );
  expect(await rec.page.evaluate<unknown>('window.__injected === true')).toBe(false);
  await expect
    .poll(() => rec.console.some((e) => e.type === 'error' && /Content Security Policy/.test(e.text)))
    .toBe(true);
});

test('the app refuses to be framed', async ({ openContext, server }) => {
  const rec = await openContext('framer');
  // An attacker's page (here: a blank page) embedding zkpush in an iframe.
  await rec.page.setContent(`<iframe src="${server.url}/" title="embedded"></iframe>`);
  await expect
    .poll(() => rec.console.some((e) => /frame-ancestors|Refused to (display|frame)/.test(e.text)))
    .toBe(true);
  const frame = rec.page.frames().find((f) => f.url().startsWith(server.url));
  const framedButtons = frame ? await frame.getByRole('button', { name: 'Create link' }).count() : 0;
  expect(framedButtons).toBe(0);
});
