/**
 * Driving the create form the way a person does, including the parts behind "Options" (lifecycle
 * switches and the dashboard label) and the passphrase, whose Argon2id runs in the page's worker.
 */
import { expect, type Page } from '@playwright/test';

export interface CreateUiOptions {
  text: string;
  /** Radio label in "Views allowed", e.g. '1 view', '2 views'. */
  views?: string;
  /** Radio label in "Expires after", e.g. '1 hour'. */
  expiry?: string;
  passphrase?: string;
  label?: string;
  retrievalStep?: boolean;
  deletableByViewer?: boolean;
  /** "Only this person may open it" (servers with sign-in): an email or `@domain`. */
  recipient?: string;
}

/** Fills and submits the form; resolves with the link the result page shows. */
export async function createThroughUi(page: Page, options: CreateUiOptions): Promise<string> {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Share a secret' })).toBeVisible();
  await page.getByLabel('Secret', { exact: true }).fill(options.text);
  if (options.views) {
    await page
      .getByRole('group', { name: 'Views allowed' })
      .getByRole('radio', { name: options.views, exact: true })
      .check();
  }
  if (options.expiry) {
    await page
      .getByRole('group', { name: 'Expires after' })
      .getByRole('radio', { name: options.expiry, exact: true })
      .check();
  }
  if (options.passphrase !== undefined) await page.getByLabel(/^Passphrase/).fill(options.passphrase);
  if (options.recipient !== undefined) await page.getByLabel(/^Only this person may open it/).fill(options.recipient);
  const wantsOptions =
    options.label !== undefined || options.retrievalStep !== undefined || options.deletableByViewer !== undefined;
  if (wantsOptions) {
    await page.getByText('Options', { exact: true }).click();
    if (options.retrievalStep !== undefined) {
      await page.getByRole('checkbox', { name: 'Require a click to reveal' }).setChecked(options.retrievalStep);
    }
    if (options.deletableByViewer !== undefined) {
      await page.getByRole('checkbox', { name: 'Let the recipient delete it' }).setChecked(options.deletableByViewer);
    }
    if (options.label !== undefined) await page.getByLabel(/^Label/).fill(options.label);
  }
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByRole('heading', { name: 'Your link is ready' })).toBeVisible();
  const link = await page.getByLabel('Link', { exact: true }).inputValue();
  expect(link).not.toBe('');
  return link;
}
