/**
 * The page's language (issue 13 §1; web/src/lib/i18n/): a browser that prefers German gets German,
 * Arabic is laid out right to left, and switching language with the picker re-renders in place — a
 * revealed secret stays revealed — and is remembered for the next visit (only the tag is stored).
 */
import { expect, test } from './helpers/fixtures.ts';
import { createViaApi, randomSecret } from './helpers/pushes.ts';

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

test('the sender picks the recipient language: the link carries it, Arabic opens right to left, Japanese in Japanese', async ({
  openContext,
}) => {
  const sender = await openContext('sender', { locale: 'en-GB' });
  const links: Record<string, string> = {};
  for (const lang of ['ar', 'ja']) {
    await sender.page.goto('/');
    await sender.page.getByLabel('Secret', { exact: true }).fill(randomSecret(`e2e ${lang}`));
    await sender.page.getByLabel("Recipient's language").selectOption(lang);
    await sender.page.getByRole('button', { name: 'Create link' }).click();
    await expect(sender.page.getByRole('heading', { name: 'Your link is ready' })).toBeVisible();
    links[lang] = await sender.page.getByLabel('Link', { exact: true }).inputValue();
    expect(new URL(links[lang]).pathname).toMatch(new RegExp(`^/${lang}/s/[A-Za-z0-9_-]{22}$`));
  }

  // A recipient whose browser prefers English still gets the sender's choice.
  const recipient = await openContext('recipient', { locale: 'en-US' });
  await recipient.page.goto(links['ar']!);
  await expect(recipient.page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(recipient.page.getByRole('heading', { level: 1, name: 'وصلك سرّ' })).toBeVisible();
  await recipient.page.getByRole('button', { name: 'كشف السرّ' }).click();
  await expect(recipient.page.getByRole('heading', { level: 1, name: 'إليك سرّك' })).toBeVisible();

  const other = await openContext('recipient-ja', { locale: 'en-US' });
  await other.page.goto(links['ja']!);
  await expect(other.page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(other.page.getByRole('heading', { level: 1, name: 'シークレットが届いています' })).toBeVisible();
});

test('a browser asking for Norwegian (no) gets the Bokmål catalogue', async ({ openContext, server }) => {
  const push = await createViaApi(server.url, randomSecret('e2e language nb'));
  const recipient = await openContext('recipient-no', { locale: 'no' });
  await recipient.page.goto(push.link);
  await expect(recipient.page.getByRole('heading', { level: 1, name: 'Du har mottatt en hemmelighet' })).toBeVisible();
  await expect(recipient.page.locator('html')).toHaveAttribute('lang', 'nb');
});

test('a push created with recipient language Persian opens right to left in Persian', async ({ openContext }) => {
  const sender = await openContext('sender', { locale: 'en-GB' });
  const text = randomSecret('e2e fa');
  await sender.page.goto('/');
  await sender.page.getByLabel('Secret', { exact: true }).fill(text);
  await sender.page.getByLabel("Recipient's language").selectOption('fa');
  await sender.page.getByRole('button', { name: 'Create link' }).click();
  await expect(sender.page.getByRole('heading', { name: 'Your link is ready' })).toBeVisible();
  const link = await sender.page.getByLabel('Link', { exact: true }).inputValue();
  expect(new URL(link).pathname).toMatch(/^\/fa\/s\/[A-Za-z0-9_-]{22}$/);

  const recipient = await openContext('recipient', { locale: 'en-US' });
  await recipient.page.goto(link);
  await expect(recipient.page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(recipient.page.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(recipient.page.getByRole('heading', { level: 1, name: 'برای شما رازی فرستاده شده است' })).toBeVisible();
  await recipient.page.getByRole('button', { name: 'نمایش راز' }).click();
  await expect(recipient.page.getByRole('heading', { level: 1, name: 'راز شما' })).toBeVisible();
  await expect(recipient.page.getByLabel('راز', { exact: true })).toHaveValue(text);
});

test('a Taiwan browser gets traditional Chinese, not simplified', async ({ openContext, server }) => {
  const push = await createViaApi(server.url, randomSecret('e2e zh-TW'));
  const recipient = await openContext('recipient', { locale: 'zh-TW' });
  await recipient.page.goto(push.link);
  await expect(recipient.page.locator('html')).toHaveAttribute('lang', 'zh-Hant');
  await expect(recipient.page.getByRole('heading', { level: 1, name: '您收到了一則機密' })).toBeVisible();
});
