/**
 * Every way a link can arrive broken gets its own state, and none of them uses up a view: the
 * recipient of a cut-off link must still be able to open the complete one afterwards. The key stays
 * in the address bar while the link may still work (a wrong key, a network error: retry or report
 * it) and is dropped once it never can (gone, not found).
 */
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import type { Page } from '@playwright/test';
import { expect, openFresh, test, type Recording } from './helpers/fixtures.ts';
import { expectCleanConsole, expectNoLeaks, expectOnlyOrigin } from './helpers/assertions.ts';
import { createPassphraseViaApi, createViaApi, metaOf, randomSecret } from './helpers/pushes.ts';

const reveals = (rec: Recording) => rec.requests.filter((r) => r.method === 'POST');
/** The address bar shows this path and fragment (page.url() follows history.replaceState). */
async function expectAddress(page: Page, path: string, hash: string): Promise<void> {
  await expect(page).toHaveURL((url) => url.pathname === path && url.hash === hash);
}

test('a link without its fragment shows "incomplete" and consumes nothing', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const push = await createViaApi(server.url, randomSecret('truncated'));
  const rec = await openContext('recipient');
  for (const url of [`/s/${push.id}`, `/s/${push.id}#`]) {
    await openFresh(rec.page, url);
    await expect(rec.page.getByRole('heading', { level: 1, name: 'This link is incomplete' })).toBeVisible();
    await expect(rec.page.getByRole('button', { name: 'Reveal secret' })).toHaveCount(0);
  }
  expect(await metaOf(server.url, push.id)).toMatchObject({ status: 200, viewsLeft: 1 });

  // The complete link still works afterwards.
  await openFresh(rec.page, push.link);
  await rec.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(rec.page.getByLabel('Secret', { exact: true })).toHaveValue(push.text);

  await rec.settle();
  expect(reveals(rec)).toHaveLength(1);
  expectNoLeaks({ plaintext: push.text, key: push.key, link: push.link }, [rec], serverLogs());
  expectCleanConsole([rec]);
});

test('a garbled fragment shows "damaged" and consumes nothing', async ({ openContext, server, serverLogs }) => {
  const push = await createViaApi(server.url, randomSecret('garbled'));
  const rec = await openContext('recipient');
  const garbled = [
    push.key.slice(0, 30), // cut short
    `${push.key}AA`, // too long
    `${push.key.slice(0, 42)}!`, // not base64url
    `${push.key}&utm_source=chat`, // a tracker appended
  ];
  for (const fragment of garbled) {
    await openFresh(rec.page, `/s/${push.id}#${fragment}`);
    await expect(rec.page.getByRole('heading', { level: 1, name: 'This link is damaged' })).toBeVisible();
    await expect(rec.page.getByText('No view was used.', { exact: false })).toBeVisible();
  }
  await rec.settle();
  expect(reveals(rec)).toEqual([]);
  expect(await metaOf(server.url, push.id)).toMatchObject({ status: 200, viewsLeft: 1 });
  expectNoLeaks({ plaintext: push.text, key: push.key, link: push.link }, [rec], serverLogs());
  expectCleanConsole([rec]);
});

test('a well-formed but wrong key is refused by the server without using the view', async ({ openContext, server }) => {
  const push = await createViaApi(server.url, randomSecret('wrong key'));
  const rec = await openContext('recipient');
  const wrongKey = toBase64url(randomBytes(32));
  await rec.page.goto(`/s/${push.id}#${wrongKey}`);
  await rec.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(rec.page.getByRole('heading', { level: 1, name: "This link's key doesn't match" })).toBeVisible();
  expect(await metaOf(server.url, push.id)).toMatchObject({ status: 200, viewsLeft: 1 });
  // The page dropped the key from the address bar when it read it (the recipient still has the link
  // they were sent, to check or report it as it is).
  await expectAddress(rec.page, `/s/${push.id}`, '');
  await rec.settle();
  expectCleanConsole([rec], { http: [403] });
});

test('a link to an id that does not exist shows "not found"', async ({ openContext }) => {
  const rec = await openContext('recipient');
  const id = toBase64url(randomBytes(16));
  await rec.page.goto(`/s/${id}#${toBase64url(randomBytes(32))}`);
  await expect(rec.page.getByRole('heading', { level: 1, name: 'Secret not found' })).toBeVisible();
  await expect(rec.page.getByRole('button', { name: 'Reveal secret' })).toHaveCount(0);
  // A link that can never work keeps no key in the address bar (or its history entry); the path stays.
  await expectAddress(rec.page, `/s/${id}`, '');
  await rec.settle();
  expect(reveals(rec)).toEqual([]);
  expectCleanConsole([rec], { http: [404] });
});

test('a link that was already used says so and drops its key from the address bar', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const push = await createViaApi(server.url, randomSecret('used'));
  const rec = await openContext('recipient');
  await rec.page.goto(push.link);
  await expect(rec.page.getByRole('button', { name: 'Reveal secret' })).toBeVisible();
  // Read at load and dropped from the address bar before anything is revealed (issue 10 §8).
  await expectAddress(rec.page, `/s/${push.id}`, '');
  await rec.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(rec.page.getByLabel('Secret', { exact: true })).toHaveValue(push.text);
  await expectAddress(rec.page, `/s/${push.id}`, '');

  // The same link again (from the chat it was sent in): gone, and the page drops the key at once.
  await openFresh(rec.page, push.link);
  await expect(rec.page.getByRole('heading', { level: 1, name: 'This secret has already been viewed' })).toBeVisible();
  await expectAddress(rec.page, `/s/${push.id}`, '');

  await rec.settle();
  expectNoLeaks({ plaintext: push.text, key: push.key, link: push.link }, [rec], serverLogs());
  expectCleanConsole([rec], { http: [410] });
});

test('a path that is not an id shows "damaged" without asking the API', async ({ openContext }) => {
  const rec = await openContext('recipient');
  await rec.page.goto(`/s/not-an-id#${toBase64url(randomBytes(32))}`);
  await expect(rec.page.getByRole('heading', { level: 1, name: 'This link is damaged' })).toBeVisible();
  await rec.settle();
  expect(rec.requests.filter((r) => r.url.includes('/api/'))).toEqual([]);
  expectCleanConsole([rec]);
});

test('a failed reveal request shows the network error; Try again then succeeds', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const push = await createViaApi(server.url, randomSecret('network'));
  const rec = await openContext('recipient');
  const page = rec.page;
  await page.goto(push.link);
  await expect(page.getByRole('heading', { level: 1, name: "You've received a secret" })).toBeVisible();

  const revealPath = '**/api/v1/secrets/*/reveal';
  await page.route(revealPath, (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Can't reach the server" })).toBeVisible();
  await expect(page.getByText('Nothing has been revealed.')).toBeVisible();
  expect(await metaOf(server.url, push.id)).toMatchObject({ status: 200, viewsLeft: 1 });
  // Try again needs the key: the page holds it in memory, not in the address bar.
  await expectAddress(page, `/s/${push.id}`, '');

  await page.unroute(revealPath);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Here's your secret" })).toBeVisible();
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(push.text);
  expect(await metaOf(server.url, push.id)).toMatchObject({ status: 410, reason: 'viewed' });
  await expectAddress(page, `/s/${push.id}`, '');

  await rec.settle();
  expectNoLeaks({ plaintext: push.text, key: push.key, link: push.link }, [rec], serverLogs());
  expectOnlyOrigin(server.url, [rec]);
  expectCleanConsole([rec], { failed: true });
});

test('a failed metadata request shows the network error; Try again loads the prompt', async ({
  openContext,
  server,
}) => {
  const push = await createViaApi(server.url, randomSecret('network meta'));
  const rec = await openContext('recipient');
  const metaPath = `**/api/v1/secrets/${push.id}`;
  await rec.page.route(metaPath, (route) => route.abort('connectionrefused'));
  await rec.page.goto(push.link);
  await expect(rec.page.getByRole('heading', { level: 1, name: "Can't reach the server" })).toBeVisible();
  await rec.page.unroute(metaPath);
  await rec.page.getByRole('button', { name: 'Try again' }).click();
  await expect(rec.page.getByRole('heading', { level: 1, name: "You've received a secret" })).toBeVisible();
  expect(await metaOf(server.url, push.id)).toMatchObject({ status: 200, viewsLeft: 1 });
  await rec.settle();
  expectCleanConsole([rec], { failed: true });
});

test('a passphrase prompt whose code fails to load shows the network error; Try again loads it', async ({
  openContext,
  server,
}) => {
  // The reveal page imports the prompt only for a passphrase push (docs/performance.md "Light pages").
  const push = await createPassphraseViaApi(server.url, randomSecret('lazy prompt'), 'a passphrase nobody uses');
  const rec = await openContext('recipient');
  const prompt = '**/_app/immutable/pages/PassphrasePrompt-*.js';
  await rec.page.route(prompt, (route) => route.abort('connectionrefused'));
  await rec.page.goto(push.link);
  await expect(rec.page.getByRole('heading', { level: 1, name: "Can't reach the server" })).toBeVisible();
  await rec.page.unroute(prompt);
  await rec.page.getByRole('button', { name: 'Try again' }).click();
  await expect(rec.page.getByLabel('Passphrase', { exact: true })).toBeVisible();
  expect(await metaOf(server.url, push.id)).toMatchObject({ status: 200, viewsLeft: 1 });
  await rec.settle();
  expectCleanConsole([rec], { failed: true });
});
