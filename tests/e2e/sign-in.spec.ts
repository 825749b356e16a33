/**
 * Sign-in in Chromium against a real OpenID Provider (oidc-provider in-process on a loopback port),
 * through the real redirect flow: on a server where only signed-in people create, the sender signs in,
 * creates, a recipient in another browser reveals without any account, and the sender signs out —
 * ending the session at zkpush and, by RP-initiated logout, at the provider.
 */
import { createThroughUi } from './helpers/create-ui.ts';
import { expect, test } from './helpers/fixtures.ts';
import { randomSecret } from './helpers/pushes.ts';
import { startSignInStack, type SignInStack } from './helpers/sign-in-stack.ts';

let stack: SignInStack | undefined;

test.afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

test('sign in, create, reveal anonymously in another browser, sign out', async ({ browser }) => {
  stack = await startSignInStack(
    { alice: { email: 'alice@example.com', email_verified: true, name: 'Alice' } },
    { ZKPUSH_CREATE_POLICY: 'signed-in' },
  );
  const { origin, provider } = stack;
  expect(stack.server.url).toBe(origin);

  const sender = await browser.newContext({ baseURL: origin });
  const page = await sender.newPage();
  await page.goto('/');
  const needsSignIn = page.getByTestId('sign-in-required');
  await expect(needsSignIn).toBeVisible();
  await needsSignIn.getByRole('link', { name: 'Sign in' }).click();

  // The provider's own pages: its login form, then its consent form.
  await page.waitForURL(`${provider.issuer}/**`);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();

  await page.waitForURL(`${origin}/`);
  await expect(page.getByText('Signed in as alice@example.com')).toBeVisible();
  const session = (await sender.cookies()).find((cookie) => cookie.name === 'zkpush-session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');

  const text = randomSecret('e2e sign-in');
  const link = await createThroughUi(page, { text, views: '1 view', expiry: '1 hour' });

  // The recipient has no account and needs none.
  const recipient = await browser.newContext({ baseURL: origin });
  const other = await recipient.newPage();
  await other.goto(link);
  await other.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(other.getByLabel('Secret', { exact: true })).toHaveValue(text);
  expect(await recipient.cookies()).toEqual([]);

  // Sign out: zkpush ends the session, then the provider asks to end its own.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${provider.issuer}/**`);
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.waitForURL(`${origin}/`);
  await expect(page.getByTestId('sign-in-required')).toBeVisible();
  // The old cookie value is worthless now even if a browser kept it.
  const replayed = await fetch(`${origin}/api/v1/me`, { headers: { cookie: `zkpush-session=${session?.value}` } });
  expect(await replayed.json()).toEqual({ kind: 'anonymous' });

  await sender.close();
  await recipient.close();
});
