/**
 * Links only a named person can open (issue 12 §5), in Chromium against a real OpenID Provider
 * (oidc-provider in-process): alice signs in and creates a push for bob@example.com through the form;
 * a recipient without an account is asked to sign in; carol signs in — in a window of its own, so the
 * reveal tab keeps the key in its memory — and is refused with her identity in the audit trail and no
 * view used; bob signs in the same way and reveals. A push for `@example.com` opens for anyone signed
 * in at that domain. The key never reaches the server: no request, header or log line holds it.
 */
import type { Page } from '@playwright/test';
import { expectNoLeaks } from './helpers/assertions.ts';
import { createThroughUi } from './helpers/create-ui.ts';
import { expect, test } from './helpers/fixtures.ts';
import { metaOf, randomSecret, splitLink } from './helpers/pushes.ts';
import { startSignInStack, type SignInStack } from './helpers/sign-in-stack.ts';

let stack: SignInStack | undefined;

test.afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** The provider's own pages: its login form (any password), then its consent form. */
async function signInAtProvider(page: Page, issuer: string, login: string): Promise<void> {
  await page.waitForURL(`${issuer}/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/**
 * From the reveal page's "sign in to continue" card: sign-in opens in a new window, which ends on
 * /signed-in, tells the waiting tab and closes itself; the tab (never navigated) shows the prompt.
 */
async function signInThroughWindow(page: Page, issuer: string, login: string): Promise<void> {
  const gate = page.getByTestId('recipient-sign-in');
  await expect(gate).toBeVisible();
  const opened = page.waitForEvent('popup');
  await gate.getByRole('link', { name: 'Sign in' }).click();
  const popup = await opened;
  const closed = popup.waitForEvent('close');
  await signInAtProvider(popup, issuer, login);
  await closed;
  await expect(gate).toBeHidden();
}

test('a link for bob@example.com: anonymous asked to sign in, carol refused and audited, bob reveals', async ({
  openContext,
}) => {
  // Four browsers and three sign-ins at a real provider: room for a busy 2-core machine.
  test.setTimeout(300_000);
  stack = await startSignInStack({
    alice: { email: 'alice@example.com', email_verified: true, name: 'Alice' },
    bob: { email: 'bob@example.com', email_verified: true, name: 'Bob' },
    carol: { email: 'carol@example.com', email_verified: true, name: 'Carol' },
  });
  const { origin, issuer, server: zkpush } = stack;

  // alice signs in from the create page's header and names bob as the only one who may open it.
  const alice = await openContext('alice', { baseURL: origin });
  await alice.page.goto('/');
  await alice.page.getByTestId('account-menu').getByRole('link', { name: 'Sign in' }).click();
  await signInAtProvider(alice.page, issuer, 'alice');
  await alice.page.waitForURL(`${origin}/`);
  await expect(alice.page.getByText('Signed in as alice@example.com')).toBeVisible();
  const text = randomSecret('e2e recipient-bound');
  const link = await createThroughUi(alice.page, { text, views: '1 view', recipient: ' Bob@Example.com ' });
  const { id, key } = splitLink(origin, link);

  // Someone without a session: told to sign in, offered no Reveal button, nothing used.
  const anonymous = await openContext('anonymous', { baseURL: origin });
  await anonymous.page.goto(link);
  await expect(anonymous.page.getByRole('heading', { name: 'Sign in to open this link' })).toBeVisible();
  await expect(
    anonymous.page.getByText('This link can only be opened by a particular signed-in person — sign in to continue.'),
  ).toBeVisible();
  await expect(anonymous.page.getByRole('button', { name: 'Reveal secret' })).toHaveCount(0);

  // carol signs in through the window, gets the prompt, and is refused: no view used.
  const carol = await openContext('carol', { baseURL: origin });
  await carol.page.goto(link);
  await signInThroughWindow(carol.page, issuer, 'carol');
  await carol.page.getByRole('button', { name: 'Reveal secret' }).click();
  const refusal = carol.page.getByTestId('recipient-mismatch');
  await expect(refusal.getByRole('heading', { name: 'This link is meant for someone else' })).toBeVisible();
  await expect(refusal).toContainText('You are signed in as carol@example.com; this link is meant for someone else.');
  expect(await metaOf(origin, id)).toMatchObject({ status: 200, viewsLeft: 1 });

  // bob does the same and reads it.
  const bob = await openContext('bob', { baseURL: origin });
  await bob.page.goto(link);
  await signInThroughWindow(bob.page, issuer, 'bob');
  await bob.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(bob.page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  expect(await metaOf(origin, id)).toMatchObject({ status: 410, code: 'gone' });

  // alice, the creator, reads the trail with her session: carol's attempt, by name, then bob's view.
  const trail = await alice.page.request.get(`${origin}/api/v1/secrets/${id}/events`);
  expect(trail.status()).toBe(200);
  const { events } = (await trail.json()) as { events: { type: string; actor?: string | null }[] };
  const types = events.map((e) => e.type);
  expect(types.filter((t) => t === 'recipient_mismatch' || t === 'viewed')).toEqual(['recipient_mismatch', 'viewed']);
  expect(events.find((e) => e.type === 'recipient_mismatch')?.actor).toBe('carol@example.com');

  // A link for anyone @example.com: the anonymous browser is asked to sign in; carol, already signed
  // in, goes straight to the prompt and reads it.
  const domainText = randomSecret('e2e recipient-bound domain');
  const domainLink = await createThroughUi(alice.page, { text: domainText, recipient: '@example.com' });
  await anonymous.page.goto(domainLink);
  await expect(anonymous.page.getByTestId('recipient-sign-in')).toBeVisible();
  await carol.page.goto(domainLink);
  await carol.page.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(carol.page.getByLabel('Secret', { exact: true })).toHaveValue(domainText);

  // Sign-in windows returned to /signed-in only, and no key, link or text ever left a browser.
  const recordings = [alice, anonymous, carol, bob];
  for (const recording of recordings) await recording.settle();
  const logins = recordings.flatMap((r) => r.requests).filter((r) => r.url.startsWith(`${origin}/auth/login`));
  expect(logins.length).toBe(3);
  const reveals = carol.requests.concat(bob.requests).filter((r) => r.url.startsWith(`${origin}/auth/login?`));
  for (const login of reveals) expect(new URL(login.url).searchParams.get('returnTo')).toBe('/signed-in');
  const domain = splitLink(origin, domainLink);
  for (const secrets of [
    { plaintext: text, key, link },
    { plaintext: domainText, key: domain.key, link: domainLink },
  ]) {
    expectNoLeaks(secrets, recordings, zkpush.logs);
  }
});
