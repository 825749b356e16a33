/**
 * Per-push lifecycle options chosen in the create form (issue 3): without the retrieval step the
 * reveal page reveals on load; with viewer deletion the recipient can destroy the push after reading
 * it, which proves key possession with keyProof and leaves the link dead for everyone.
 */
import { expect, openFresh, test } from './helpers/fixtures.ts';
import { expectCleanConsole, expectNoLeaks, expectOnlyOrigin } from './helpers/assertions.ts';
import { createThroughUi } from './helpers/create-ui.ts';
import { createViaApi, metaOf, randomSecret, splitLink } from './helpers/pushes.ts';

test('with the retrieval step off, the page reveals on load', async ({ openContext, server, serverLogs }) => {
  const text = randomSecret('e2e no click');
  const sender = await openContext('sender');
  const link = await createThroughUi(sender.page, { text, views: '2 views', retrievalStep: false });
  const { id, key } = splitLink(server.url, link);

  const recipient = await openContext('recipient');
  await recipient.page.goto(link);
  await expect(recipient.page.getByRole('heading', { level: 1, name: "Here's your secret" })).toBeVisible();
  await expect(recipient.page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  expect(await metaOf(server.url, id)).toMatchObject({ status: 200, viewsLeft: 1 });
  // A second load (a link previewer would do the same) uses the last view.
  await openFresh(recipient.page, link);
  await expect(recipient.page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  await expect(recipient.page.getByText('This was the last view')).toBeVisible();
  expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'viewed' });

  // The default keeps the click: loading such a link consumes nothing.
  const withStep = await createViaApi(server.url, randomSecret('e2e click'));
  await recipient.page.goto(withStep.link);
  await expect(recipient.page.getByRole('button', { name: 'Reveal secret' })).toBeVisible();
  expect(await metaOf(server.url, withStep.id)).toMatchObject({ status: 200, viewsLeft: 1 });

  const recordings = [sender, recipient];
  for (const r of recordings) await r.settle();
  const reveals = recipient.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/reveal'));
  expect(reveals.map((r) => new URL(r.url).pathname)).toEqual([
    `/api/v1/secrets/${id}/reveal`,
    `/api/v1/secrets/${id}/reveal`,
  ]);
  expectNoLeaks({ plaintext: text, key, link }, recordings, serverLogs());
  expectOnlyOrigin(server.url, recordings);
  expectCleanConsole(recordings);
});

test('a recipient may delete a push after reading it, and the link is dead afterwards', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const text = randomSecret('e2e viewer delete');
  const label = 'viewer deletes this';
  const sender = await openContext('sender');
  const link = await createThroughUi(sender.page, { text, views: '3 views', label });
  const { id, key } = splitLink(server.url, link);

  const recipient = await openContext('recipient');
  const page = recipient.page;
  await page.goto(link);
  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  await page.getByRole('button', { name: 'Delete now' }).click();
  // Asked first; "Keep it" changes nothing.
  await page.getByRole('button', { name: 'Keep it' }).click();
  expect(await metaOf(server.url, id)).toMatchObject({ status: 200, viewsLeft: 2 });
  await page.getByRole('button', { name: 'Delete now' }).click();
  await page.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Deleted' })).toBeVisible();
  await expect(page.getByText('The link no longer opens anything, for you or anyone else.')).toBeVisible();
  await expect(page.getByLabel('Secret', { exact: true })).toHaveCount(0);
  expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'deleted' });

  // Anyone opening the link now finds it dead, without being told the sender did it.
  const third = await openContext('third');
  await third.page.goto(link);
  await expect(third.page.getByRole('heading', { level: 1, name: 'This secret was deleted' })).toBeVisible();
  await expect(third.page.getByRole('button', { name: 'Reveal secret' })).toHaveCount(0);

  // The creator's dashboard says who ended it.
  await sender.page.goto('/dashboard');
  const entry = sender.page.getByRole('article', { name: label, exact: true });
  await expect(entry.locator('header')).toContainText('Deleted by the recipient');
  await entry.getByText('Audit trail (3 events)', { exact: true }).click();
  await expect(entry.getByRole('listitem')).toHaveText([/^Created/, /^Viewed/, /^Deleted by the recipient/]);

  const recordings = [sender, recipient, third];
  for (const r of recordings) await r.settle();
  // The deletion proved the key with keyProof alone.
  const burns = recipient.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/burn'));
  expect(burns).toHaveLength(1);
  expect(Object.keys(JSON.parse(burns[0]!.postData ?? '{}') as object)).toEqual(['keyProof']);
  expectNoLeaks({ plaintext: text, key, link, other: { label } }, recordings, serverLogs());
  expectOnlyOrigin(server.url, recordings);
  expectCleanConsole(recordings, { http: [410] });
});

test('without viewer deletion, or after the last view, the recipient gets no delete button', async ({
  openContext,
  server,
}) => {
  const sender = await openContext('sender');
  const fixed = randomSecret('e2e not deletable');
  const link = await createThroughUi(sender.page, { text: fixed, views: '2 views', deletableByViewer: false });
  const recipient = await openContext('recipient');
  await recipient.page.goto(link);
  await recipient.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(recipient.page.getByLabel('Secret', { exact: true })).toHaveValue(fixed);
  await expect(recipient.page.getByRole('button', { name: 'Delete now' })).toHaveCount(0);

  // Deletable, but its only view is used: nothing is left to delete.
  const last = await createViaApi(server.url, randomSecret('e2e last view'));
  await recipient.page.goto(last.link);
  await recipient.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(recipient.page.getByLabel('Secret', { exact: true })).toHaveValue(last.text);
  await expect(recipient.page.getByRole('button', { name: 'Delete now' })).toHaveCount(0);
  expect(await metaOf(server.url, splitLink(server.url, link).id)).toMatchObject({ status: 200, viewsLeft: 1 });
  await sender.settle();
  await recipient.settle();
  expectCleanConsole([sender, recipient]);
});
