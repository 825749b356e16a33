/**
 * Passphrase pushes in the browser (issue 3): the passphrase is part of the key, Argon2id runs in a
 * Web Worker with a progress bar, the server counts wrong guesses without learning the passphrase and
 * destroys the push at the limit. Every request of every context and every server log line is
 * searched for the key, the link, the plaintext and each passphrase typed.
 */
import type { Page, Worker } from '@playwright/test';
import { toBase64url } from '@zkpush/shared/base64url';
import { randomBytes } from '@zkpush/shared/crypto';
import { KDF_DEFAULT_COST } from '@zkpush/shared/kdf-params';
import { expect, openFresh, test, type Recording } from './helpers/fixtures.ts';
import { expectCleanConsole, expectNoLeaks, expectOnlyOrigin, type Secrets } from './helpers/assertions.ts';
import { createThroughUi } from './helpers/create-ui.ts';
import {
  attemptsLeftOf,
  createPassphraseViaApi,
  dashboardFile,
  eventTypesOf,
  metaOf,
  randomSecret,
  splitLink,
} from './helpers/pushes.ts';
import { expectNotStored } from './helpers/storage.ts';

/** The performance-measure name kdf-client.ts gives each derivation (KDF_MEASURE there). */
const KDF_MEASURE = 'zkpush:argon2id';

const randomPassphrase = (label: string) => `${label} ${toBase64url(randomBytes(9))}`;

/** Workers the page starts, by script URL (the KDF worker is a same-origin module script). */
function watchWorkers(page: Page): string[] {
  const urls: string[] = [];
  page.on('worker', (w: Worker) => urls.push(w.url()));
  return urls;
}

/**
 * Records every value the progress bar shows from now on. The bar is rendered by the page's main
 * thread while Argon2id runs in the worker, so intermediate values also prove the page kept working.
 */
async function recordProgress(page: Page): Promise<() => Promise<number[]>> {
  // Strings, because this package is type-checked without the DOM library.
  await page.evaluate(`(() => {
    const seen = (globalThis.__kdfProgress = []);
    const note = () => {
      const value = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
      if (value != null && seen[seen.length - 1] !== Number(value)) seen.push(Number(value));
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
  })()`);
  return () => page.evaluate<number[]>('globalThis.__kdfProgress');
}

/** Durations (ms) of the page's Argon2id runs (kdf-client.ts records them as performance measures). */
async function argonTimings(page: Page): Promise<number[]> {
  return page.evaluate<number[]>(
    `performance.getEntriesByName(${JSON.stringify(KDF_MEASURE)}).map((e) => Math.round(e.duration))`,
  );
}

async function submitPassphrase(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByRole('button', { name: 'Reveal secret' }).click();
}

const wrongAlert = (page: Page) => page.getByRole('alert').filter({ hasText: 'Wrong passphrase.' });
const lockedHeading = (page: Page) =>
  page.getByRole('heading', { level: 1, name: 'Destroyed after too many wrong passphrases' });

test('a passphrase push opens in another browser after one wrong guess; Argon2id runs in a worker', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const text = randomSecret('e2e passphrase');
  // Typed precomposed by the sender and decomposed by the recipient: both hash the NFC form.
  const stem = randomPassphrase('correct horse');
  const passphrase = `${stem} café`;
  const typedByRecipient = `${stem} cafe\u0301`;
  const wrong = randomPassphrase('wrong battery');

  // The sender creates it through the form, with the real default Argon2id cost.
  const sender = await openContext('sender');
  const senderWorkers = watchWorkers(sender.page);
  const link = await createThroughUi(sender.page, { text, passphrase, views: '1 view', expiry: '1 hour' });
  await expect(sender.page.getByText('Needs the passphrase you set', { exact: false })).toBeVisible();
  const { id, key } = splitLink(server.url, link);
  expect(
    senderWorkers.some((u) => /kdf-worker/.test(u)),
    senderWorkers.join(),
  ).toBe(true);
  const createMs = await argonTimings(sender.page);
  expect(createMs).toHaveLength(1);

  const recipient = await openContext('recipient');
  const page = recipient.page;
  const workers = watchWorkers(page);
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1, name: "You've received a secret" })).toBeVisible();
  await expect(page.getByText('It is protected by a passphrase.')).toBeVisible();
  await expect(page.getByText('5 attempts left — the secret is destroyed after that.')).toBeVisible();
  // The metadata told the page the cost; nothing has been consumed or counted by loading.
  expect(await attemptsLeftOf(server.url, id)).toBe(5);

  // A wrong guess: the progress bar while Argon2id runs, then the server's count.
  const progress = await recordProgress(page);
  await submitPassphrase(page, wrong);
  await expect(page.getByRole('progressbar', { name: 'Checking the passphrase on this device…' })).toBeVisible();
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeDisabled();
  await expect(wrongAlert(page)).toContainText('4 attempts left — the secret is destroyed after that.');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  // Cleared and ready for the next try.
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeFocused();
  expect(await attemptsLeftOf(server.url, id)).toBe(4);
  const shown = await progress();
  expect(shown[0], `progress values ${shown.join()}`).toBe(0);
  expect(
    shown.some((p) => p > 0 && p < 100),
    `progress values ${shown.join()}`,
  ).toBe(true);
  expect(workers.filter((u) => /kdf-worker/.test(u))).toHaveLength(1);

  // The right passphrase (typed in another Unicode normalisation form) reveals it.
  await submitPassphrase(page, typedByRecipient);
  await expect(page.getByRole('progressbar', { name: 'Checking the passphrase on this device…' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: "Here's your secret" })).toBeVisible();
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(text);
  await expect(page.getByText('This was the last view')).toBeVisible();
  expect(page.url()).toBe(`${server.url}/s/${id}`);
  // One fresh worker per derivation, each terminated when it answered.
  expect(workers.filter((u) => /kdf-worker/.test(u))).toHaveLength(2);
  const revealMs = await argonTimings(page);
  expect(revealMs).toHaveLength(2);
  test.info().annotations.push({
    type: 'argon2id',
    description: `m=${KDF_DEFAULT_COST.m} t=${KDF_DEFAULT_COST.t} p=${KDF_DEFAULT_COST.p} in Chromium: create ${createMs.join()} ms, reveal attempts ${revealMs.join(', ')} ms`,
  });
  console.log(`[argon2id] ${test.info().annotations.at(-1)?.description}`);

  expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'viewed' });
  // The reload in the tab that revealed it says so, from the tab's history state (issue 13 §4.8).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'You have already opened this' })).toBeVisible();

  const recordings = [sender, recipient];
  for (const r of recordings) await r.settle();
  const secrets: Secrets = { plaintext: text, key, link, passphrases: [passphrase, typedByRecipient, wrong] };
  expectNoLeaks(secrets, recordings, serverLogs());
  expectOnlyOrigin(server.url, recordings);
  await expectNotStored(recordings, { plaintext: text, key, link, passphrase, typedByRecipient, wrong });
  // Two attempts, two reveal requests, each with both proofs and nothing else.
  const reveals = recipient.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/reveal'));
  expect(reveals).toHaveLength(2);
  for (const r of reveals)
    expect(Object.keys(JSON.parse(r.postData ?? '{}') as object).sort()).toEqual(['keyProof', 'passProof']);
  expectCleanConsole(recordings, { http: [403, 410] });
});

test('too many wrong passphrases destroy the push, and every browser then says so', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const push = await createPassphraseViaApi(server.url, randomSecret('e2e locked'), randomPassphrase('right'));
  const wrong = Array.from({ length: 5 }, (_, i) => randomPassphrase(`guess${i}`));
  const guesser = await openContext('guesser');
  const page = guesser.page;
  await page.goto(push.link);
  await expect(page.getByText('5 attempts left — the secret is destroyed after that.')).toBeVisible();

  for (const [i, guess] of wrong.slice(0, 4).entries()) {
    await submitPassphrase(page, guess);
    const left = 4 - i;
    await expect(wrongAlert(page)).toContainText(
      left === 1
        ? '1 attempt left — a wrong passphrase now destroys the secret.'
        : `${left} attempts left — the secret is destroyed after that.`,
    );
    await expect(page.getByRole('button', { name: 'Reveal secret' })).toBeEnabled();
  }
  expect(await attemptsLeftOf(server.url, push.id)).toBe(1);

  await submitPassphrase(page, wrong[4]!);
  await expect(lockedHeading(page)).toBeVisible();
  await expect(page.getByText('the server destroyed the secret', { exact: false })).toBeVisible();
  // Distinct from every other ending and from the prompt.
  await expect(page.getByLabel('Passphrase', { exact: true })).toHaveCount(0);
  await expect(page.getByText('Wrong passphrase.')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: /already been viewed|Can't reach|deleted/ })).toHaveCount(0);
  expect(await metaOf(server.url, push.id)).toEqual({ status: 410, code: 'gone', reason: 'locked' });

  // Reloading, and the real recipient with the right passphrase, meet the same locked state.
  await page.reload();
  await expect(lockedHeading(page)).toBeVisible();
  const recipient = await openContext('recipient');
  await recipient.page.goto(push.link);
  await expect(lockedHeading(recipient.page)).toBeVisible();
  await expect(recipient.page.getByLabel('Passphrase', { exact: true })).toHaveCount(0);

  expect(await eventTypesOf(server.url, push.id, push.ownerToken)).toEqual([
    'created',
    ...wrong.map(() => 'failed_passphrase'),
    'locked',
  ]);

  // The creator's dashboard (the entry imported as a file) shows the lock-out as its own state.
  const creator = await openContext('creator');
  await creator.page.goto('/dashboard');
  await creator.page.getByLabel('Import list…').setInputFiles(dashboardFile(push, 'locked one'));
  const entry = creator.page.getByRole('article', { name: 'locked one', exact: true });
  await expect(entry.locator('header')).toContainText('Destroyed: too many wrong passphrases');
  await expect(creator.page.getByRole('heading', { name: 'Ended (1)' })).toBeVisible();
  await entry.getByText('Audit trail (7 events)', { exact: true }).click();
  await expect(entry.getByRole('listitem')).toHaveText([
    /^Created/,
    ...wrong.map(() => /^Wrong passphrase/),
    /^Destroyed after too many wrong passphrases/,
  ]);
  await expect(entry.getByRole('button', { name: 'Delete now' })).toHaveCount(0);

  const recordings = [guesser, recipient, creator];
  for (const r of recordings) await r.settle();
  expect(guesser.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/reveal'))).toHaveLength(5);
  expectNoLeaks(
    { plaintext: push.text, key: push.key, link: push.link, passphrases: [push.passphrase, ...wrong] },
    recordings,
    serverLogs(),
  );
  expectCleanConsole(recordings, { http: [403, 410] });
});

test('a network failure while unlocking says so, uses no attempt, and Try again brings the prompt back', async ({
  openContext,
  server,
  serverLogs,
}) => {
  const push = await createPassphraseViaApi(server.url, randomSecret('e2e unlock offline'), randomPassphrase('right'));
  const rec: Recording = await openContext('recipient');
  const page = rec.page;
  await page.goto(push.link);
  await expect(page.getByText('5 attempts left')).toBeVisible();

  const revealPath = '**/api/v1/secrets/*/reveal';
  await page.route(revealPath, (route) => route.abort('internetdisconnected'));
  await submitPassphrase(page, push.passphrase);
  await expect(page.getByRole('heading', { level: 1, name: "Can't reach the server" })).toBeVisible();
  await expect(page.getByText('Nothing has been revealed.')).toBeVisible();
  await expect(page.getByText('Wrong passphrase.')).toHaveCount(0);
  expect(await attemptsLeftOf(server.url, push.id)).toBe(5);

  await page.unroute(revealPath);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByText('5 attempts left — the secret is destroyed after that.')).toBeVisible();
  await submitPassphrase(page, push.passphrase);
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(push.text);

  await rec.settle();
  expectNoLeaks(
    { plaintext: push.text, key: push.key, link: push.link, passphrases: [push.passphrase] },
    [rec],
    serverLogs(),
  );
  expectCleanConsole([rec], { failed: true });
});

test('opening the link again after the reveal says "already viewed", not a passphrase problem', async ({
  openContext,
  server,
}) => {
  const push = await createPassphraseViaApi(server.url, randomSecret('e2e reopen'), randomPassphrase('right'));
  const rec = await openContext('recipient');
  await rec.page.goto(push.link);
  await submitPassphrase(rec.page, push.passphrase);
  await expect(rec.page.getByLabel('Secret', { exact: true })).toHaveValue(push.text);
  await openFresh(rec.page, push.link);
  await expect(rec.page.getByRole('heading', { level: 1, name: 'This secret has already been viewed' })).toBeVisible();
  await expect(rec.page.getByLabel('Passphrase', { exact: true })).toHaveCount(0);
  await rec.settle();
  expectCleanConsole([rec], { http: [410] });
});

test('cancelling the passphrase check sends nothing and uses no attempt', async ({ openContext, server }) => {
  const push = await createPassphraseViaApi(server.url, randomSecret('e2e cancel'), randomPassphrase('right'));
  const rec = await openContext('recipient');
  const page = rec.page;
  // Hold the worker's script so the derivation is still running when Cancel is clicked.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/kdf-worker-*.js', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(push.link);
  await submitPassphrase(page, push.passphrase);
  await expect(page.getByRole('progressbar', { name: 'Checking the passphrase on this device…' })).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  await expect(page.getByText('5 attempts left — the secret is destroyed after that.')).toBeVisible();
  await expect(page.getByText('Wrong passphrase.')).toHaveCount(0);
  await expect(page.getByLabel('Passphrase', { exact: true })).toBeEnabled();
  expect(await attemptsLeftOf(server.url, push.id)).toBe(5);

  release();
  await submitPassphrase(page, push.passphrase);
  await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(push.text);
  await rec.settle();
  expect(rec.requests.filter((r) => r.method === 'POST' && r.url.endsWith('/reveal'))).toHaveLength(1);
  expectCleanConsole([rec], { failed: true });
});
