/**
 * The main journey in two separate browsers: the sender creates a link, the recipient opens it,
 * reveals once, and the link is dead afterwards. Every request both browsers send and every server
 * log line is recorded and searched for the plaintext, the key and the link.
 */
import type { Page } from '@playwright/test';
import { expect, openFresh, test, type Recording } from './helpers/fixtures.ts';
import {
  expectCleanConsole,
  expectCsp,
  expectNoLeaks,
  expectNoStore,
  expectOnlyOrigin,
  type Secrets,
} from './helpers/assertions.ts';
import { metaOf, randomSecret, splitLink } from './helpers/pushes.ts';

/** localStorage, sessionStorage and cookies of the page's origin, as one string to search. */
async function storedState(rec: Recording): Promise<string> {
  const inPage = await rec.page.evaluate<unknown>(
    'JSON.stringify({ local: Object.entries(localStorage), session: Object.entries(sessionStorage), cookie: document.cookie })',
  );
  return `${String(inPage)}\n${JSON.stringify(await rec.context.storageState())}`;
}

async function expectNothingStored(recs: readonly Recording[], secrets: Secrets): Promise<void> {
  for (const rec of recs) {
    const state = await storedState(rec);
    for (const value of [secrets.plaintext, secrets.key, secrets.link]) {
      if (value) expect(state, `${rec.name} storage`).not.toContain(value);
    }
  }
}

async function createThroughUi(page: Page, text: string, views: string, expiry: string): Promise<string> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Share a secret' })).toBeVisible();
  await page.getByLabel('Secret', { exact: true }).fill(text);
  await page.getByRole('group', { name: 'Views allowed' }).getByRole('radio', { name: views, exact: true }).check();
  await page.getByRole('group', { name: 'Expires after' }).getByRole('radio', { name: expiry, exact: true }).check();
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByRole('heading', { name: 'Your link is ready' })).toBeVisible();
  const link = await page.getByLabel('Link', { exact: true }).inputValue();
  expect(link).not.toBe('');
  // autocomplete=off keeps the browser from saving the field (the key) for form restoration.
  await expect(page.getByLabel('Link', { exact: true })).toHaveAttribute('autocomplete', 'off');
  return link;
}

test('create in one browser, reveal once in another; nothing secret leaves the browser', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const text = randomSecret('e2e main');
  const sender = await openContext('sender');
  const link = await createThroughUi(sender.page, text, '1 view', '1 hour');
  const { id, key } = splitLink(server.url, link);
  const secrets: Secrets = { plaintext: text, key, link };

  // The server holds what the form asked for, and the sender's storage holds nothing.
  expect(await metaOf(server.url, id)).toEqual({ status: 200, views: 1, viewsLeft: 1, seconds: 3600 });
  await expectNothingStored([sender], secrets);

  // The recipient: loading the page (twice) shows the metadata and consumes nothing.
  const recipient = await openContext('recipient');
  const page = recipient.page;
  await page.goto(link);
  const prompt = page.getByRole('heading', { level: 1, name: "You've received a secret" });
  await expect(prompt).toBeVisible();
  await expect(page.getByText('It can be viewed once')).toBeVisible();
  // "in 1 hour" or, a moment later, "in 59 minutes 59 seconds": the clock keeps running.
  await expect(page.getByText(/It expires in (1 hour|59 minutes)/)).toBeVisible();
  // Opened again from the chat (a reload would find no key: the page dropped it from the address).
  await openFresh(page, link);
  await expect(prompt).toBeVisible();
  expect(await metaOf(server.url, id)).toMatchObject({ status: 200, viewsLeft: 1 });
  expect(recipient.requests.filter((r) => r.method === 'POST')).toEqual([]);

  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Here's your secret" })).toBeVisible();
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  await expect(page.getByLabel('Secret', { exact: true })).toHaveAttribute('autocomplete', 'off');
  await expect(page.getByText('This was the last view')).toBeVisible();
  // The key has done its job and is dropped from the address bar.
  expect(page.url()).toBe(`${server.url}/s/${id}`);
  expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'viewed' });
  await expectNothingStored([sender, recipient], secrets);

  // Reloading says this tab opened it (issue 13 §4.8, from the tab's history state); opening the full
  // link again asks the server, which says it was already viewed.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'You have already opened this' })).toBeVisible();
  const viewed = page.getByRole('heading', { level: 1, name: 'This secret has already been viewed' });
  await openFresh(page, link);
  await expect(viewed).toBeVisible();

  await sender.settle();
  await recipient.settle();
  const recordings = [sender, recipient];
  expectNoLeaks(secrets, recordings, serverLogs());
  expectOnlyOrigin(server.url, recordings);
  expect(recipient.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/reveal'))).toHaveLength(1);

  // Headers: CSP on every document; no-referrer everywhere; nothing from /api or /s/ may be cached.
  const responses = recordings.flatMap((r) => r.responses);
  const documents = responses.filter((r) => r.resourceType === 'document');
  expect(documents.map((d) => new URL(d.url).pathname)).toEqual(expect.arrayContaining(['/', `/s/${id}`]));
  for (const doc of documents) expectCsp(doc);
  for (const res of responses) expect(res.headers['referrer-policy'], res.url).toBe('no-referrer');
  for (const res of responses) {
    const path = new URL(res.url).pathname;
    if (path.startsWith('/api/') || path.startsWith('/s/')) expectNoStore(res);
  }
  expect(responses.filter((r) => r.url.includes('/api/')).length).toBeGreaterThanOrEqual(5);

  // The 410s of the final loads are expected; nothing else may complain.
  expectCleanConsole(recordings, { http: [410] });
});

test('a 2-view link can be revealed by two browsers, then it is gone', async ({ openContext, server, serverLogs }) => {
  const text = randomSecret('e2e two views');
  const sender = await openContext('sender');
  const link = await createThroughUi(sender.page, text, '2 views', '1 day');
  const { id, key } = splitLink(server.url, link);
  expect(await metaOf(server.url, id)).toEqual({ status: 200, views: 2, viewsLeft: 2, seconds: 86400 });

  const first = await openContext('first');
  await first.page.goto(link);
  await expect(first.page.getByText('It can still be viewed twice')).toBeVisible();
  await first.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(first.page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  await expect(first.page.getByText('1 more view allowed')).toBeVisible();

  const second = await openContext('second');
  await second.page.goto(link);
  await expect(second.page.getByText('It can be viewed once')).toBeVisible();
  await second.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(second.page.getByLabel('Secret', { exact: true })).toHaveValue(text);

  const third = await openContext('third');
  await third.page.goto(link);
  await expect(third.page.getByRole('heading', { name: 'This secret has already been viewed' })).toBeVisible();

  const recordings = [sender, first, second, third];
  for (const r of recordings) await r.settle();
  expectNoLeaks({ plaintext: text, key, link }, recordings, serverLogs());
  expectOnlyOrigin(server.url, recordings);
  expectCleanConsole(recordings, { http: [410] });
});

test('"Delete now" on the result page makes the link report it was deleted', async ({ openContext, server }) => {
  const sender = await openContext('sender');
  const link = await createThroughUi(sender.page, randomSecret('e2e delete'), '1 view', '1 hour');
  const { id } = splitLink(server.url, link);
  await sender.page.getByRole('button', { name: 'Delete now' }).click();
  // Asked first (issue 13 §4 item 3), then the heading says so.
  await sender.page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(
    sender.page.getByRole('status').filter({ hasText: 'Deleted. The link no longer opens anything.' }),
  ).toBeVisible();
  await expect(sender.page.getByRole('heading', { level: 1, name: 'Link deleted' })).toBeVisible();
  expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'deleted' });

  const recipient = await openContext('recipient');
  await recipient.page.goto(link);
  await expect(recipient.page.getByRole('heading', { level: 1, name: 'This secret was deleted' })).toBeVisible();
  await sender.settle();
  await recipient.settle();
  expectCleanConsole([sender, recipient], { http: [410] });
});
