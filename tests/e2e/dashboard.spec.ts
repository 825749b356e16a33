/**
 * The creator dashboard (issue 3) against the real server: the browser's own list of the pushes it
 * created, their views and audit trail (read with the owner token), "Delete now", "Forget", and
 * moving the list to another browser as a file. Its storage must hold only ids, owner tokens, times
 * and labels — never a link, key, passphrase or plaintext — and the label never leaves the browser.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { expect, openFresh, test, type Recording } from './helpers/fixtures.ts';
import { expectCleanConsole, expectNoLeaks, expectOnlyOrigin } from './helpers/assertions.ts';
import { createThroughUi } from './helpers/create-ui.ts';
import { eventTypesOf, metaOf, randomSecret, splitLink } from './helpers/pushes.ts';
import { expectNotStored, readStoredState } from './helpers/storage.ts';

/** Exactly what a dashboard entry may hold (web/src/lib/dashboard/dashboard-store.ts DashboardEntry). */
const ENTRY_FIELDS = ['createdAt', 'expiresAt', 'hasPassphrase', 'id', 'ownerToken', 'views'];

const item = (page: Page, title: string): Locator => page.getByRole('article', { name: title, exact: true });

async function openTrail(entry: Locator, events: number): Promise<Locator> {
  await entry.getByText(`Audit trail (${events} ${events === 1 ? 'event' : 'events'})`, { exact: true }).click();
  return entry.getByRole('listitem');
}

async function reveal(rec: Recording, link: string, text: string): Promise<void> {
  await openFresh(rec.page, link);
  await rec.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(rec.page.getByLabel('Secret', { exact: true })).toHaveValue(text);
}

test('the dashboard lists a push, shows its view in the audit trail, expires it and forgets another', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const label = `prod DB for Alice ${toBase64url(randomBytes(9))}`;
  const text = randomSecret('e2e dashboard');
  const otherText = randomSecret('e2e dashboard other');
  const creator = await openContext('creator');
  const page = creator.page;

  // Two pushes: a labelled one with two views, and an unlabelled one.
  const link = await createThroughUi(page, { text, views: '2 views', expiry: '1 day', label });
  const { id, key } = splitLink(server.url, link);
  await expect(page.getByText('Added to your dashboard', { exact: false })).toBeVisible();
  const otherLink = await createThroughUi(page, { text: otherText, views: '1 view', expiry: '1 hour' });
  const other = splitLink(server.url, otherLink);

  // The recipient views the labelled one once.
  const recipient = await openContext('recipient');
  await reveal(recipient, link, text);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your links' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Active (2)' })).toBeVisible();
  const labelled = item(page, label);
  await expect(labelled.getByText('Active', { exact: true })).toBeVisible();
  await expect(labelled.locator('dl.facts')).toContainText(/Views left\s*1 of 2/);
  await expect(labelled.getByText(`Id ${id}`)).toBeVisible();
  const trail = await openTrail(labelled, 2);
  await expect(trail).toHaveCount(2);
  await expect(trail.nth(0)).toContainText('Created');
  await expect(trail.nth(1)).toContainText('Viewed');
  // The view is attributed as the server recorded it: truncated address and the recipient's browser.
  await expect(trail.nth(1)).toContainText('127.0.0.0/24');
  await expect(trail.nth(1)).toContainText(await recipient.page.evaluate<string>('navigator.userAgent'));
  const unlabelled = page.locator(`article[data-push-id="${other.id}"]`);
  await expect(unlabelled.getByRole('heading', { name: /^Link created / })).toBeVisible();

  // "Delete now" makes the link dead for the recipient.
  await labelled.getByRole('button', { name: 'Delete now' }).click();
  await labelled.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(page.getByRole('heading', { name: 'Ended (1)' })).toBeVisible();
  await expect(labelled.getByText('Deleted by you', { exact: true })).toBeVisible();
  await expect(labelled.getByRole('status')).toHaveText('Deleted. The link no longer opens anything.');
  await expect(labelled.getByRole('button', { name: 'Delete now' })).toHaveCount(0);
  const ended = await openTrail(labelled, 3);
  await expect(ended.nth(2)).toContainText('Deleted by the sender');
  expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'deleted' });
  await openFresh(recipient.page, link);
  await expect(recipient.page.getByRole('heading', { level: 1, name: 'This secret was deleted' })).toBeVisible();
  await expect(recipient.page.getByRole('button', { name: 'Reveal secret' })).toHaveCount(0);

  // "Forget" removes the other push from the list (and from storage), not from the server.
  await unlabelled.getByRole('button', { name: 'Forget' }).click();
  await unlabelled.getByRole('button', { name: 'Yes, forget it' }).click();
  await expect(unlabelled).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Active (0)' })).toBeVisible();
  await page.reload();
  await expect(item(page, label)).toBeVisible();
  await expect(page.locator(`article[data-push-id="${other.id}"]`)).toHaveCount(0);
  expect(await metaOf(server.url, other.id)).toMatchObject({ status: 200, viewsLeft: 1 });
  const stored = (await readStoredState(creator)).local;
  expect(stored.map(([k]) => k)).toEqual(['zkpush.dashboard']);
  expect(stored[0]![1]).not.toContain(other.id);

  const recordings = [creator, recipient];
  for (const r of recordings) await r.settle();
  expectNoLeaks(
    { plaintext: text, key, link, other: { label, 'other plaintext': otherText, 'other key': other.key } },
    recordings,
    serverLogs(),
  );
  expectOnlyOrigin(server.url, recordings);
  await expectNotStored(recordings, { text, otherText, key, otherKey: other.key, link, otherLink });
  expectCleanConsole(recordings, { http: [410] });
});

test('the exported list imports into a fresh browser, whose owner tokens then work', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const label = `moving ${toBase64url(randomBytes(9))}`;
  const text = randomSecret('e2e export');
  const creator = await openContext('creator');
  const page = creator.page;
  const link = await createThroughUi(page, { text, views: '2 views', expiry: '1 day', label });
  const { id, key } = splitLink(server.url, link);
  await page.goto('/dashboard');
  await expect(item(page, label).getByText('Active', { exact: true })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export list' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^zkpush-dashboard-\d{4}-\d{2}-\d{2}\.json$/);
  const exportPath = await file.path();
  const exported = readFileSync(exportPath, 'utf8');
  const parsed = JSON.parse(exported) as { format: string; v: number; pushes: Record<string, unknown>[] };
  expect(parsed).toMatchObject({ format: 'zkpush-dashboard', v: 1 });
  expect(parsed.pushes).toHaveLength(1);
  expect(Object.keys(parsed.pushes[0]!).sort()).toEqual([...ENTRY_FIELDS, 'label'].sort());
  expect(parsed.pushes[0]).toMatchObject({ id, label, views: 2, hasPassphrase: false });
  for (const value of [text, key, link]) expect(exported).not.toContain(value);

  // A fresh browser: a file that is not a list is refused, the export is imported.
  const second = await openContext('second browser');
  const input = second.page.getByLabel('Import list…');
  await second.page.goto('/dashboard');
  await expect(second.page.getByText('No links yet.')).toBeVisible();
  await input.setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
  await expect(
    second.page.getByRole('status').filter({ hasText: "That file can't be imported: it is not JSON." }),
  ).toBeVisible();
  await input.setInputFiles(exportPath);
  await expect(second.page.getByRole('status').filter({ hasText: 'Imported 1 link.' })).toBeVisible();
  const imported = item(second.page, label);
  await expect(imported.getByText('Active', { exact: true })).toBeVisible();
  await expect(imported.locator('dl.facts')).toContainText(/Views left\s*2 of 2/);
  await expect(await openTrail(imported, 1)).toHaveText([/^Created/]);
  // Still there after a reload, and importing it again adds nothing.
  await second.page.reload();
  await expect(imported).toBeVisible();
  await input.setInputFiles(exportPath);
  await expect(
    second.page.getByRole('status').filter({ hasText: 'Imported 0 links; 1 was already here.' }),
  ).toBeVisible();

  // Its owner token works there: the second browser expires it, and the first one sees that.
  await imported.getByRole('button', { name: 'Delete now' }).click();
  await imported.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(imported.getByText('Deleted by you', { exact: true })).toBeVisible();
  expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'deleted' });
  await page.reload();
  await expect(item(page, label).getByText('Deleted by you', { exact: true })).toBeVisible();

  const recordings = [creator, second];
  for (const r of recordings) await r.settle();
  expectNoLeaks({ plaintext: text, key, link, other: { label } }, recordings, serverLogs());
  expectOnlyOrigin(server.url, recordings);
  await expectNotStored(recordings, { text, key, link });
  expectCleanConsole(recordings);
});

test("the dashboard's storage holds ids, owner tokens, times and labels — no key, link, passphrase or text", async ({
  openContext,
  server,
  serverLogs,
}) => {
  const label = `label ${toBase64url(randomBytes(9))}`;
  const text = randomSecret('e2e storage');
  const passphrase = `storage ${toBase64url(randomBytes(9))}`;
  const creator = await openContext('creator');
  const link = await createThroughUi(creator.page, { text, passphrase, label, views: '3 views' });
  const { id, key } = splitLink(server.url, link);
  await creator.page.goto('/dashboard');
  await expect(item(creator.page, label).getByText('Active', { exact: true })).toBeVisible();
  await expect(item(creator.page, label).locator('dl.facts')).toContainText(/Passphrase\s*Yes/);
  await expect(item(creator.page, label).getByText('Audit trail (1 event)', { exact: true })).toBeVisible();

  const state = await readStoredState(creator);
  expect(state.indexedDb).toEqual({});
  expect(state.cacheNames).toEqual([]);
  expect(state.serviceWorkers).toBe(0);
  expect(state.cookie).toBe('');
  expect(state.local.map(([k]) => k)).toEqual(['zkpush.dashboard']);
  const list = JSON.parse(state.local[0]![1]) as { v: number; pushes: Record<string, unknown>[] };
  expect(list.v).toBe(1);
  expect(list.pushes).toHaveLength(1);
  const entry = list.pushes[0]!;
  expect(Object.keys(entry).sort()).toEqual([...ENTRY_FIELDS, 'label'].sort());
  expect(entry).toMatchObject({ id, label, views: 3, hasPassphrase: true });
  expect(entry['ownerToken']).toMatch(/^[A-Za-z0-9_-]{43}$/);
  // sessionStorage holds only SvelteKit's navigation bookkeeping, if anything.
  for (const [k] of state.session) expect(k).toMatch(/^sveltekit:/);
  const browserState = await creator.context.storageState({ indexedDB: true });
  expect(browserState.cookies).toEqual([]);
  await expectNotStored([creator], { text, key, link, passphrase, fragment: `#${key}` });

  // The owner token works, and the label is not something the server has ever seen.
  expect(await eventTypesOf(server.url, id, String(entry['ownerToken']))).toEqual(['created']);
  await creator.settle();
  expectNoLeaks({ plaintext: text, key, link, passphrases: [passphrase], other: { label } }, [creator], serverLogs());
  expectCleanConsole([creator]);
});
