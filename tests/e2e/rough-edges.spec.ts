/**
 * The rough edges of issue 13 §4 that a walk-through found, each held by an assertion: the create form
 * locked while it works (§4.1), countdowns that end at expiry (§4.6), a warning before the result page
 * is left and "you already opened this" after a recipient's reload (§4.8), wording (§4.9), and
 * printing only the secret (§4.11). The page's clock is Playwright's fake one where time must pass.
 */
import { expect, test } from './helpers/fixtures.ts';
import { createViaApi, randomSecret } from './helpers/pushes.ts';

test('the create form is locked while the passphrase is secured, and the result page asks before it is left', async ({
  openContext,
}) => {
  const { page } = await openContext('sender');
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Share a secret' })).toBeVisible();
  const secret = page.getByLabel('Secret', { exact: true });
  // §4.9: characters as typed (a line break and quotes are one each), not the envelope's measure.
  await secret.fill('a\n"b"é');
  await expect(page.getByText('Characters: 6', { exact: true })).toBeVisible();
  await secret.fill(randomSecret('locked form'));
  // §4.9: a famous phrase is not "very strong" for its length.
  await page.getByLabel(/^Passphrase/).fill('correct horse battery staple');
  await expect(page.getByText('Strength hint: Very weak')).toBeVisible();
  await page.getByLabel(/^Passphrase/).fill(`${randomSecret('pass')} lagoon`);
  await page.getByRole('button', { name: 'Create link' }).click();
  // §4.1: while it is secured and encrypted, nothing the push is made from can change.
  await expect(secret).toBeDisabled();
  await expect(page.getByLabel(/^Passphrase/)).toBeDisabled();
  await expect(page.getByRole('group', { name: 'Views allowed' }).getByRole('radio').first()).toBeDisabled();
  await expect(page.getByRole('heading', { name: 'Your link is ready' })).toBeVisible({ timeout: 60_000 });

  // §4.8: leaving the result page (reload, close) makes the browser ask first.
  const asked = new Promise<string>((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.type());
      void dialog.accept();
    });
  });
  await page.close({ runBeforeUnload: true });
  expect(await asked).toBe('beforeunload');
});

test('a recipient who reloads after revealing is told they opened it; countdowns end at expiry', async ({
  openContext,
  server,
}) => {
  const push = await createViaApi(server.url, randomSecret('reload'), 3);
  const { page } = await openContext('recipient');
  await page.clock.install();
  await page.goto(push.link);
  await expect(page.getByRole('heading', { level: 1, name: "You've received a secret" })).toBeVisible();
  await expect(page.getByText(/^It can still be viewed 3 times; revealing it uses one view\./)).toBeVisible();
  await page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(page.getByRole('heading', { level: 1, name: "Here's your secret" })).toBeVisible();
  await expect(page.getByText(/^2 more views allowed until/)).toBeVisible();

  // §4.11: printing shows the whole secret under the warning, and no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print pre')).toHaveText(push.text);
  await expect(page.getByText(/^Printed from zkpush\. Paper is forever/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Copy secret' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });

  // §4.6: after reveal the sentence stops at expiry instead of counting past it (default expiry ≤ 7 days).
  await page.clock.fastForward(200 * 3600 * 1000);
  await expect(page.getByText('It has now expired: the link no longer opens, for you or anyone else.')).toBeVisible();

  // §4.8: the key left the address bar at reveal; a reload says what happened, not "incomplete".
  expect(new URL(page.url()).hash).toBe('');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'You have already opened this' })).toBeVisible();
});

test('a prompt whose push expires while it is open says it expired, without claiming nobody opened it', async ({
  openContext,
  server,
}) => {
  const push = await createViaApi(server.url, randomSecret('prompt expiry'), 2);
  const { page } = await openContext('recipient');
  await page.clock.install();
  await page.goto(push.link);
  await expect(page.getByRole('button', { name: 'Reveal secret' })).toBeVisible();
  await page.clock.fastForward(200 * 3600 * 1000);
  await expect(page.getByRole('heading', { level: 1, name: 'This secret has expired' })).toBeVisible();
  await expect(page.getByText(/nobody opened/i)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Reveal secret' })).toHaveCount(0);
});
