/**
 * Keyboard only (issue 13 §3 and §4 items 2, 3, 12): create → copy → reveal → delete, and the file
 * flow, with Tab, Shift+Tab, Enter, Space, Escape and arrow keys — no clicks. Along the way, focus
 * never drops to <body> (after Create with a passphrase, its Cancel, Reveal with a passphrase, Cancel
 * or Escape in a confirm box, removing a file, upload start and Cancel upload, the creator's delete),
 * the safe button of a confirm box has focus, and the reveal page does not put focus in a field on load.
 * The browser's file dialog is answered through Playwright's `filechooser` event, opened by Enter on
 * the focused "Choose files…" button.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openFresh, test } from './helpers/fixtures.ts';
import { makeFile, tempDir } from './helpers/file-pushes.ts';
import { randomSecret } from './helpers/pushes.ts';

/** Whether `target` has focus now (Playwright's own check, hardly waiting). */
async function isFocused(target: Locator): Promise<boolean> {
  return expect(target)
    .toBeFocused({ timeout: 50 })
    .then(() => true)
    .catch(() => false);
}

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, options: { back?: boolean; max?: number } = {}): Promise<void> {
  for (let i = 0; i < (options.max ?? 40); i++) {
    if (await isFocused(target)) return;
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
  }
  await expect(target).toBeFocused();
}

/** What has focus is a real control, never <body> (issue 13 §4 item 2). */
async function expectFocusNotLost(page: Page): Promise<void> {
  expect(await page.evaluate<string>('document.activeElement?.tagName ?? "none"')).not.toMatch(/^(BODY|none)$/);
}

test.describe('keyboard only', () => {
  test.setTimeout(240_000);

  test('create with a passphrase → copy → reveal → delete', async ({ openContext }) => {
    const text = randomSecret('keyboard');
    const passphrase = 'keyboard battery 7 staple';
    const sender = await openContext('sender', { permissions: ['clipboard-write'] });
    const page = sender.page;
    await page.goto('/');
    const secret = page.getByLabel('Secret', { exact: true });
    // The create page has one job: typing starts in the secret.
    await expect(secret).toBeFocused();
    await page.keyboard.type(text);

    const twoViews = page.getByRole('radio', { name: '2 views', exact: true });
    await tabTo(page, page.getByRole('group', { name: 'Views allowed' }).getByRole('radio', { checked: true }));
    await page.keyboard.press('ArrowRight');
    await expect(twoViews).toBeChecked();

    await tabTo(page, page.getByLabel(/^Passphrase/));
    await page.keyboard.type(passphrase);
    const create = page.getByRole('button', { name: 'Create link' });
    await tabTo(page, create);

    // Create with a passphrase: Cancel of "Securing the passphrase…" takes focus, and it is announced.
    await page.keyboard.press('Enter');
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    await expect(cancel).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: 'Securing the passphrase' })).toHaveCount(1);
    // Cancel gives focus back to Create, which creates on Space.
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Securing the passphrase' })).toHaveCount(0);
    await expect(create).toBeFocused();
    await page.keyboard.press('Space');
    await expect(cancel).toBeFocused();

    const heading = page.getByRole('heading', { level: 1, name: 'Your link is ready' });
    await expect(heading).toBeFocused({ timeout: 60_000 });
    await tabTo(page, page.getByRole('button', { name: 'Copy link' }));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    const link = await page.getByLabel('Link', { exact: true }).inputValue();

    // Reveal: on load no field has focus (the heading comes first for a screen reader).
    const recipient = await openContext('recipient');
    const rp = recipient.page;
    await openFresh(rp, link);
    const field = rp.getByLabel('Passphrase', { exact: true });
    await expect(field).toBeVisible();
    expect(await isFocused(field)).toBe(false);
    await expectFocusNotLostOrStart(rp);
    await tabTo(rp, field);
    await rp.keyboard.type('not the passphrase');
    await rp.keyboard.press('Enter');
    await expect(rp.getByRole('alert').filter({ hasText: 'Wrong passphrase.' })).toBeVisible({ timeout: 60_000 });
    await expect(field).toBeFocused();
    await rp.keyboard.type(passphrase);
    await tabTo(rp, rp.getByRole('button', { name: 'Reveal secret' }));
    await rp.keyboard.press('Enter');
    // Reveal with a passphrase: Cancel takes focus while "Checking the passphrase…" is announced.
    await expect(rp.getByRole('button', { name: 'Cancel', exact: true })).toBeFocused();
    await expect(rp.getByRole('status').filter({ hasText: 'Checking the passphrase' })).toHaveCount(1);
    await expect(rp.getByRole('heading', { level: 1, name: "Here's your secret" })).toBeFocused({ timeout: 60_000 });
    await expect(rp.getByLabel('Secret', { exact: true })).toHaveValue(text);

    // The creator's delete asks first, with the safe button focused; Escape closes the question.
    const del = page.getByRole('button', { name: 'Delete now' });
    await tabTo(page, del);
    await page.keyboard.press('Enter');
    const keep = page.getByRole('button', { name: 'Cancel', exact: true });
    await expect(keep).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(keep).toHaveCount(0);
    await expect(del).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(keep).toBeFocused();
    await page.keyboard.press('Enter'); // Cancel
    await expect(del).toBeFocused();
    await page.keyboard.press('Space');
    await page.keyboard.press('Shift+Tab');
    await expect(page.getByRole('button', { name: 'Yes, delete it' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Link deleted' })).toBeFocused();
    await expect(page.getByRole('status').filter({ hasText: 'Deleted.' })).toBeVisible();
  });

  test('files: choose, remove, upload, cancel, upload again, reveal, download', async ({ openContext }) => {
    const dir = await tempDir();
    const files = [await makeFile(dir, 'kb-one', 4096), await makeFile(dir, 'kb-two', 6 * 1024 * 1024)];
    const sender = await openContext('sender');
    const page = sender.page;
    await page.goto('/');
    await expect(page.getByLabel('Secret', { exact: true })).toBeFocused();

    // The mode switch is a radio group: arrows move between Text and Files.
    await tabTo(page, page.getByRole('radio', { name: 'Text' }), { back: true });
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('radio', { name: 'Files' })).toBeChecked();
    const choose = page.getByRole('button', { name: 'Choose files…' });
    await tabTo(page, choose);
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(files.map((f) => f.path));
    for (const f of files) await expect(page.getByText(f.name, { exact: true })).toBeVisible();

    // Removing a file moves focus to the next row's Remove, then to Choose files… when none is left.
    const removeFirst = page.getByRole('button', { name: `Remove ${files[0]!.name}` });
    await tabTo(page, removeFirst);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: `Remove ${files[1]!.name}` })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(choose).toBeFocused();
    const again = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await again).setFiles([files[1]!.path]);
    await expect(page.getByText(files[1]!.name, { exact: true })).toBeVisible();

    // Upload start: Cancel upload takes focus; cancelling is announced and focus returns to Create.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/chunks\/\d+$/, async (route) => {
      await held;
      await route.continue().catch(() => undefined);
    });
    const create = page.getByRole('button', { name: 'Create link' });
    await tabTo(page, create);
    await page.keyboard.press('Enter');
    const cancelUpload = page.getByRole('button', { name: 'Cancel upload' });
    await expect(cancelUpload).toBeFocused({ timeout: 30_000 });
    await page.keyboard.press('Enter');
    await expect(create).toBeFocused({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Upload cancelled.' })).toHaveCount(1);
    release();
    await page.unroute(/\/chunks\/\d+$/);

    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Your link is ready' })).toBeFocused({
      timeout: 120_000,
    });
    const link = await page.getByLabel('Link', { exact: true }).inputValue();

    const recipient = await openContext('recipient');
    const rp = recipient.page;
    await openFresh(rp, link);
    const reveal = rp.getByRole('button', { name: 'Reveal files' });
    await tabTo(rp, reveal);
    await rp.keyboard.press('Enter');
    await expect(rp.getByRole('heading', { level: 1, name: 'Here are your files' })).toBeFocused();
    const download = rp.getByRole('button', { name: `Download ${files[1]!.name}`, exact: true });
    await tabTo(rp, download);
    const saved = rp.waitForEvent('download');
    await rp.keyboard.press('Enter');
    expect(await (await saved).path()).toBeTruthy();
    await expectFocusNotLost(rp);
  });
});

/** On load, focus is at the start of the document (body), or on the heading: never in a field. */
async function expectFocusNotLostOrStart(page: Page): Promise<void> {
  expect(await page.evaluate<string>('document.activeElement?.tagName ?? "none"')).toMatch(/^(BODY|H1)$/);
}
