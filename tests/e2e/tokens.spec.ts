/**
 * API tokens and session ends in Chromium against a real OpenID Provider (oidc-provider in-process on
 * a loopback port), issue 12 §3 and §6: a signed-in person creates a named token on the tokens page,
 * reads it once, the real CLI (`node cli/bin/zkpush.js`) pushes with it from a file and from
 * ZKPUSH_TOKEN on a `signed-in-or-token` server, the page shows its last use, it is revoked and the CLI
 * is refused (exit 12) with a clear message; sign-out makes the old cookie worthless; and a session
 * left idle past ZKPUSH_SESSION_IDLE_TIMEOUT ends — the UI then shows signed-out and creating asks
 * for sign-in again. Every wait polls on state (the page, the server's own log) with a generous
 * timeout; the server and the CLI are ended by pid (zkpush/testing/spawn).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { runBin } from 'zkpush/testing/spawn';
import { expect, test } from './helpers/fixtures.ts';
import { randomSecret, splitLink } from './helpers/pushes.ts';
import { startSignInStack, type SignInStack } from './helpers/sign-in-stack.ts';

let stack: SignInStack | undefined;
let work: string | undefined;

test.afterEach(async () => {
  await stack?.stop();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
  stack = undefined;
  work = undefined;
});

/** A provider with alice and a zkpush using it; `env` adds settings. */
async function start(env: Record<string, string>): Promise<{ origin: string; issuer: string }> {
  stack = await startSignInStack(
    { alice: { email: 'alice@example.com', email_verified: true, name: 'Alice' } },
    { ZKPUSH_CREATE_POLICY: 'signed-in-or-token', ...env },
  );
  return { origin: stack.origin, issuer: stack.issuer };
}

/** Through the provider's own login and consent pages, back to `origin` + `returnTo`. */
async function signIn(page: Page, origin: string, issuer: string, returnTo: string): Promise<void> {
  await page.goto(returnTo);
  await page.getByTestId('account-menu').getByRole('link', { name: 'Sign in' }).click();
  await page.waitForURL(`${issuer}/**`);
  await page.locator('input[name="login"]').fill('alice');
  await page.locator('input[name="password"]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.origin === origin && url.pathname.startsWith(returnTo));
  await expect(page.getByText('Signed in as alice@example.com')).toBeVisible();
}

/** The CLI as in CI: only PATH and `env`, no terminal, the secret on stdin. */
function push(origin: string, args: string[], input: string, env: Record<string, string> = {}) {
  return runBin(['push', '--server', origin, ...args], { input, env, noTerminal: true });
}

test('token lifecycle: create on the tokens page, push from the CLI, last use shown, revoke, CLI refused; sign-out', async ({
  browser,
}) => {
  const { origin, issuer } = await start({});
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await signIn(page, origin, issuer, '/tokens');

  // A named token that may create, for 7 days.
  await page.getByLabel('Name', { exact: true }).fill('e2e deploy job');
  await expect(page.getByRole('checkbox', { name: 'Create secrets' })).toBeChecked();
  await page.getByLabel('Expires in').selectOption({ label: '7 days' });
  await page.getByRole('button', { name: 'Create token' }).click();
  const fresh = page.getByTestId('new-token');
  await expect(fresh.getByRole('heading', { name: 'Your new token' })).toBeVisible();
  const token = await fresh.getByRole('textbox').inputValue();
  expect(token).toMatch(/^zkpush\.[A-Za-z0-9_-]{43}$/);
  await fresh.getByRole('button', { name: 'Done' }).click();
  // Read once: gone from the page, and the list holds only its name.
  await expect(page.getByTestId('new-token')).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(token);
  const row = page.getByRole('row').filter({ hasText: 'e2e deploy job' });
  const lastUsed = row.getByRole('cell').nth(3);
  await expect(lastUsed).toHaveText('never');
  await expect(row.getByRole('cell').nth(1)).toHaveText('create');

  // The CLI pushes with it from a file, then from ZKPUSH_TOKEN; the links open.
  work = await mkdtemp(join(tmpdir(), 'zkpush-e2e-token-'));
  const tokenFile = join(work, 'token');
  await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
  const text = randomSecret('token push');
  const fromFile = await push(origin, ['--token-file', tokenFile], text);
  expect(fromFile.code, fromFile.stderr).toBe(0);
  expect(fromFile.stderr).not.toContain(token);
  const link = fromFile.stdout.toString('utf8').trim();
  splitLink(origin, link);
  const fromEnv = await push(origin, [], randomSecret('env push'), { ZKPUSH_TOKEN: token });
  expect(fromEnv.code, fromEnv.stderr).toBe(0);
  const opened = await runBin(['open', '-'], { input: `${link}\n`, noTerminal: true });
  expect(opened.code, opened.stderr).toBe(0);
  expect(opened.stdout.toString('utf8')).toBe(text);

  // The tokens page shows the use.
  await page.reload();
  await expect(lastUsed).not.toHaveText('never');
  await expect(lastUsed).toHaveText(/\d/);

  // Revoked on the page (after the confirmation), it is refused at once.
  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByRole('button', { name: 'Revoke' }).click();
  await expect(row.getByRole('cell').nth(4)).toHaveText('revoked');
  const refused = await push(origin, ['--token-file', tokenFile], randomSecret('after revoke'));
  expect(refused.code).toBe(12);
  expect(refused.stdout.toString('utf8')).toBe('');
  expect(refused.stderr).toContain('the API token was refused');
  expect(refused.stderr).toContain('revoked');
  expect(refused.stderr).not.toContain(token);
  expect(stack?.server.logs.join('\n')).not.toContain(token);

  // Sign-out ends the session at zkpush (and, by RP-initiated logout, at the provider).
  const session = (await context.cookies()).find((cookie) => cookie.name === 'zkpush-session');
  expect(session).toBeDefined();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${issuer}/**`);
  await page.getByRole('button', { name: 'Yes, sign me out' }).click();
  await page.waitForURL(`${origin}/`);
  await expect(page.getByTestId('account-menu').getByRole('link', { name: 'Sign in' })).toBeVisible();
  const replayed = await fetch(`${origin}/api/v1/me`, { headers: { cookie: `zkpush-session=${session?.value}` } });
  expect(await replayed.json()).toEqual({ kind: 'anonymous' });
  await context.close();
});

test('session expiry: idle past ZKPUSH_SESSION_IDLE_TIMEOUT, the UI is signed out and creating asks for sign-in', async ({
  browser,
}) => {
  // The shortest idle timeout the setting allows (60 s); the sweeper runs every second, so the
  // session's row goes soon after and the server logs it — the state this test waits on.
  test.setTimeout(300_000);
  const { origin, issuer } = await start({ ZKPUSH_SESSION_IDLE_TIMEOUT: '60s', ZKPUSH_SWEEP_INTERVAL: '1s' });
  const context = await browser.newContext({ baseURL: origin });
  const page = await context.newPage();
  await signIn(page, origin, issuer, '/');
  await expect(page.getByTestId('sign-in-required')).toHaveCount(0);
  await page.getByLabel('Secret', { exact: true }).fill(randomSecret('after idle'));

  // Nothing uses the session from here on (polling /api/v1/me with it would keep it alive).
  await expect
    .poll(() => stack?.server.logs.some((line) => line.includes('"msg":"sweep"') && /"sessions":[1-9]/.test(line)), {
      timeout: 240_000,
      intervals: [1000],
    })
    .toBe(true);

  // The page still open from before: creating is refused and says to sign in.
  await page.getByRole('button', { name: 'Create link' }).click();
  await expect(page.getByText('This server lets only signed-in people create secrets. Sign in first.')).toBeVisible();
  // Loaded again, it shows signed-out: the sign-in notice and the menu's Sign in.
  await page.reload();
  await expect(page.getByTestId('sign-in-required')).toBeVisible();
  await expect(page.getByTestId('account-menu').getByRole('link', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('Signed in as alice@example.com')).toHaveCount(0);
  await context.close();
});
