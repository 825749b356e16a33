/**
 * Driving the file parts of the app the way a person does: picking files on the create form, and
 * revealing and saving them on the reveal page (each save is the browser's own download, observed
 * with Playwright's `download` event). Shared by files.spec.ts and cli-interop.spec.ts.
 */
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import type { Secrets } from './assertions.ts';
import { sha256File, type TestFile } from './file-pushes.ts';
import { splitLink } from './pushes.ts';

/** Picks the files and creates the link through the form; resolves with the link the page shows. */
export async function createFilesThroughUi(
  page: Page,
  files: readonly TestFile[],
  options: { message?: string; passphrase?: string } = {},
): Promise<string> {
  await page.goto('/');
  await page.getByRole('radio', { name: 'Files' }).check();
  await page.locator('input[type="file"]').setInputFiles(files.map((f) => f.path));
  for (const f of files) await expect(page.getByText(f.name, { exact: true })).toBeVisible();
  if (options.message !== undefined) await page.getByLabel(/^Message/).fill(options.message);
  if (options.passphrase !== undefined) await page.getByLabel(/^Passphrase/).fill(options.passphrase);
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByRole('heading', { name: 'Your link is ready' })).toBeVisible({ timeout: 120_000 });
  return page.getByLabel('Link', { exact: true }).inputValue();
}

/** Opens a file push's link and reveals it (uses a view), with the passphrase if it has one. */
export async function revealFiles(page: Page, link: string, count: number, passphrase?: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: "You've received files" })).toBeVisible();
  await expect(page.getByText(new RegExp(`^It holds ${count} files?, about `))).toBeVisible();
  if (passphrase !== undefined) await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Reveal files' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Here are your files' })).toBeVisible();
}

/** The row of one file on the reveal page. */
export const fileRow = (page: Page, name: string): Locator => page.getByRole('listitem').filter({ hasText: name });

/** SHA-256 of what the browser saved for a download. */
export async function savedHash(download: Download): Promise<string> {
  return sha256File(await download.path());
}

/** What must stay out of traffic and logs for a file push: key, link, note, names and contents. */
export function fileSecrets(link: string, origin: string, files: readonly TestFile[], message: string): Secrets {
  const { key } = splitLink(origin, link);
  const other: Record<string, string> = {};
  if (message !== '') other['message'] = message;
  files.forEach((f, i) => {
    other[`name ${i}`] = f.name;
    if (f.marker) other[`content ${i}`] = f.marker;
  });
  return { key, link, other };
}
