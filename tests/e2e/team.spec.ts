/**
 * My links and the admin team view (issue 12 §4) in Chromium, against a real OpenID Provider
 * (oidc-provider in-process; its `groups` claim maps bob to the admin role): member alice creates two
 * links, admin bob creates one; bob's team view shows the statistics and, filtered by creator, alice's
 * links — he reads one's audit trail and expires it (alice's recipient then gets "deleted"); alice,
 * in a fresh browser, sees her links under "My links" from the server, and is refused the team view.
 */
import type { Browser, Page } from '@playwright/test';
import { createThroughUi } from './helpers/create-ui.ts';
import { expect, test } from './helpers/fixtures.ts';
import { randomSecret, splitLink } from './helpers/pushes.ts';
import { startSignInStack, type SignInStack } from './helpers/sign-in-stack.ts';

let stack: SignInStack | undefined;

test.afterEach(async () => {
  await stack?.stop();
  stack = undefined;
});

/** Through the provider's own login (and, the first time, consent) form, back to `path`. */
async function signIn(page: Page, origin: string, login: string, path: string): Promise<void> {
  await page.waitForURL(`${stack!.issuer}/**`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const consent = page.getByRole('button', { name: 'Continue' });
  const menu = page.getByTestId('account-menu').getByText(`Signed in as ${login}@example.com`);
  await expect(consent.or(menu)).toBeVisible();
  if (await consent.isVisible()) await consent.click();
  await page.waitForURL(`${origin}${path}`);
  await expect(menu).toBeVisible();
}

async function signedInPage(browser: Browser, origin: string, login: string, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByTestId('account-menu').getByRole('link', { name: 'Sign in' }).click();
  await signIn(page, origin, login, path);
  return page;
}

async function reveal(browser: Browser, link: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(link);
  return page;
}

test('my links from any browser; the admin team view filters, audits, expires and counts', async ({ browser }) => {
  test.slow();
  stack = await startSignInStack(
    {
      alice: { email: 'alice@example.com', email_verified: true, name: 'Alice', groups: ['staff'] },
      bob: { email: 'bob@example.com', email_verified: true, name: 'Bob', groups: ['staff', 'zkpush-admins'] },
    },
    {
      ZKPUSH_OIDC_SCOPES: 'openid email profile groups',
      ZKPUSH_AUTH_ADMIN_GROUPS: 'zkpush-admins',
      ZKPUSH_CREATE_POLICY: 'signed-in',
    },
  );
  const { origin } = stack;

  // Alice (a member) creates two links, labelled in her browser only.
  const alice = await signedInPage(browser, origin, 'alice', '/');
  const sent: string[] = [];
  alice.on('request', (request) => sent.push(`${request.url()} ${request.postData() ?? ''}`));
  const first = await createThroughUi(alice, { text: randomSecret('team one'), label: 'alice first' });
  const second = await createThroughUi(alice, { text: randomSecret('team two'), label: 'alice second' });
  const firstId = splitLink(origin, first).id;
  const secondId = splitLink(origin, second).id;
  // Labels never reach the server: no request carried one.
  expect(sent.filter((line) => line.includes('alice first') || line.includes('alice second'))).toEqual([]);
  await expect(alice.getByTestId('account-menu').getByRole('link', { name: 'Team view' })).toHaveCount(0);

  // Bob (an admin) creates one, and its recipient opens it.
  const bob = await signedInPage(browser, origin, 'bob', '/');
  const bobs = await createThroughUi(bob, { text: randomSecret('team bob'), views: '1 view' });
  const bobsRecipient = await reveal(browser, bobs);
  await bobsRecipient.getByRole('button', { name: 'Reveal secret' }).click();
  await expect(bobsRecipient.getByRole('heading', { level: 1, name: "Here's your secret" })).toBeVisible();

  // The team view, from the account menu: statistics of the instance.
  await bob.goto('/dashboard');
  await bob.getByTestId('account-menu').getByRole('link', { name: 'Team view' }).click();
  await expect(bob.getByRole('heading', { level: 1, name: 'Team view' })).toBeVisible();
  const stats = bob.getByTestId('team-stats');
  await expect(stats.getByTestId('stat-created')).toHaveText('3');
  await expect(stats.getByTestId('stat-opened')).toHaveText('1');
  await expect(stats.getByTestId('stat-expired')).toHaveText('1');

  // Filtered by creator: alice's two links, and not bob's.
  await bob.getByLabel("Creator's email").fill('ALICE@example.com');
  await bob.getByRole('button', { name: 'Apply' }).click();
  const list = bob.getByRole('region', { name: /^All links/ });
  await expect(list.locator('article')).toHaveCount(2);
  await expect(list.locator(`article[data-push-id="${splitLink(origin, bobs).id}"]`)).toHaveCount(0);
  const card = list.locator(`article[data-push-id="${firstId}"]`);
  await expect(card.getByText('alice@example.com')).toBeVisible();
  await expect(card.getByText('Active', { exact: true })).toBeVisible();

  // Bob reads its audit trail (that read is audited) and expires it, after confirming.
  await card.getByText('Audit trail', { exact: true }).click();
  await expect(card.getByText('Created', { exact: true })).toBeVisible();
  await card.getByRole('button', { name: 'Delete now' }).click();
  await card.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(card.getByText('Deleted', { exact: true })).toBeVisible();
  await expect(stats.getByTestId('stat-expired')).toHaveText('2');

  // Only the ended ones: alice's expired link.
  await bob.getByLabel('State').selectOption('ended');
  await bob.getByRole('button', { name: 'Apply' }).click();
  await expect(list.locator('article')).toHaveCount(1);
  await expect(list.locator(`article[data-push-id="${firstId}"]`)).toBeVisible();

  // Alice's recipient: the link is gone.
  const recipient = await reveal(browser, first);
  await expect(recipient.getByRole('heading', { level: 1, name: 'This secret was deleted' })).toBeVisible();

  // Alice in a fresh browser: her links from the server, without labels (those stayed in the first).
  const fresh = await signedInPage(browser, origin, 'alice', '/dashboard');
  const mine = fresh.getByTestId('my-pushes');
  const active = mine.getByRole('region', { name: /^Active/ });
  const ended = mine.getByRole('region', { name: /^Ended/ });
  await expect(active.locator(`article[data-push-id="${secondId}"]`)).toBeVisible();
  await expect(active.locator('article')).toHaveCount(1);
  const gone = ended.locator(`article[data-push-id="${firstId}"]`);
  await expect(gone.getByText('Deleted', { exact: true })).toBeVisible();
  await expect(gone.getByText(/^Link created /)).toBeVisible();
  // Its trail says who ended it.
  await gone.getByText('Audit trail', { exact: true }).click();
  await expect(gone.getByText('Deleted by an administrator')).toBeVisible();
  await expect(gone.getByText('bob@example.com').first()).toBeVisible();

  // In her first browser, the labels she typed there name the same links.
  await alice.goto('/dashboard');
  const labelled = alice.getByTestId('my-pushes').locator(`article[data-push-id="${secondId}"]`);
  await expect(labelled.getByRole('heading', { name: 'alice second' })).toBeVisible();

  // She expires her other one herself, through her session.
  await labelled.getByRole('button', { name: 'Delete now' }).click();
  await labelled.getByRole('button', { name: 'Yes, delete it' }).click();
  await expect(
    alice
      .getByTestId('my-pushes')
      .getByRole('region', { name: /^Ended/ })
      .locator(`article[data-push-id="${secondId}"]`),
  ).toBeVisible();

  // A member asking for the team view gets the API's 403, explained.
  await fresh.goto('/team');
  await expect(
    fresh.getByTestId('team-refused').getByRole('heading', { name: 'For administrators only' }),
  ).toBeVisible();

  for (const page of [alice, bob, bobsRecipient, recipient, fresh]) await page.context().close();
});
