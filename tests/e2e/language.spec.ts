/**
 * The page's language (issue 13 §1; web/src/lib/i18n/): a browser that prefers German gets German,
 * Arabic is laid out right to left, and switching language with the picker re-renders in place — a
 * revealed secret stays revealed — and is remembered for the next visit (only the tag is stored).
 */
import { expect, test } from './fixtures.ts';
import { createViaApi, randomSecret } from './pushes.ts';

test('first visit follows navigator.languages; the picker switches in place and is remembered', async ({
  openContext,
  server,
}) => {
  const push = await createViaApi(server.url, randomSecret('e2e language'));
  const recipient = await openContext('recipient', { locale: 'de-DE' });
  const page = recipient.page;

  await page.goto(push.link);
  await expect(page.getByRole('heading', { level: 1, name: 'Sie haben ein Geheimnis erhalten' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await page.getByRole('button', { name: 'Geheimnis anzeigen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hier ist Ihr Geheimnis' })).toBeVisible();
  await expect(page.getByLabel('Geheimnis', { exact: true })).toHaveValue(push.text);

  // Arabic: right to left, and the secret is still on screen (no reload, no second view).
  await page.getByRole('combobox', { name: 'Sprache' }).selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1, name: 'إليك سرّك' })).toBeVisible();
  await expect(page.getByLabel('السرّ', { exact: true })).toHaveValue(push.text);

  // Japanese, then a new page in the same browser remembers the choice.
  await page.getByRole('combobox', { name: 'اللغة' }).selectOption('ja');
  await expect(page.getByRole('heading', { level: 1, name: 'シークレットはこちらです' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  expect(await page.evaluate(() => Object.entries(localStorage))).toEqual([['zkpush.lang', 'ja']]);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'シークレットを共有' })).toBeVisible();
});
