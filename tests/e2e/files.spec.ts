/**
 * File pushes in two real browser contexts against the real server: a 40 MiB file of random bytes,
 * a small text file and an empty one are encrypted in the sender's workers and uploaded, then
 * revealed and downloaded in another context through the service worker — the browser's own
 * download, observed with Playwright's `download` event — and compared by SHA-256 with the
 * originals. Every request of both contexts and every server log line is searched for the key, the
 * link, the message, the file names and the plaintext. A byte flipped in a stored blob makes that
 * file's download fail in the browser and on the page; chunk uploads aborted by the network still
 * complete through retries and a resume.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download } from '@playwright/test';
import { createApiClient } from '@zkpush/shared/api-client';
import { sealFiles } from '@zkpush/shared/file-push';
import { formatLink } from '@zkpush/shared/link';
import { expect, test, type Recording } from './helpers/fixtures.ts';
import { expectCleanConsole, expectNoLeaks, expectOnlyOrigin } from './helpers/assertions.ts';
import { createFilesViaApi, makeFile, tempDir } from './helpers/file-pushes.ts';
import { createFilesThroughUi, fileRow, fileSecrets, revealFiles, savedHash } from './helpers/files-ui.ts';
import { metaOf, randomSecret, splitLink } from './helpers/pushes.ts';
import { expectNotStored, readStoredState } from './helpers/storage.ts';

const MiB = 1024 * 1024;

test.describe('file pushes', () => {
  test.setTimeout(240_000);

  test('three files up in one browser, down in another, identical by SHA-256; nothing secret leaves', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const dir = await tempDir();
    const files = [
      await makeFile(dir, 'big', 40 * MiB),
      await makeFile(dir, 'notes', 5000, { ext: '.txt', type: 'text/plain', text: true }),
      await makeFile(dir, 'empty', 0, { ext: '.txt', type: 'text/plain' }),
    ];
    const message = randomSecret('files message');
    const sender = await openContext('sender');
    const link = await createFilesThroughUi(sender.page, files, { message });
    const { id } = splitLink(server.url, link);
    await expect(sender.page.getByText('Holds 3 files.', { exact: false })).toBeVisible();
    // The dashboard remembers the push with its file count (and nothing about the files).
    await sender.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    const item = sender.page.locator(`[data-push-id="${id}"]`);
    await expect(item.getByRole('definition').filter({ hasText: /^3$/ })).toBeVisible();
    await expect(item).not.toContainText(files[0]!.name);
    expect(await metaOf(server.url, id)).toMatchObject({ status: 200, viewsLeft: 1 });

    const recipient = await openContext('recipient');
    const page = recipient.page;
    await revealFiles(page, link, 3);
    await expect(page.getByLabel('Message', { exact: true })).toHaveValue(message);
    // Not saved for form restoration (the message is plaintext), like the revealed secret.
    await expect(page.getByLabel('Message', { exact: true })).toHaveAttribute('autocomplete', 'off');
    await expect(fileRow(page, files[0]!.name)).toContainText('41.9 MB');
    await expect(fileRow(page, files[1]!.name)).toContainText('Text file · 5 kB');
    await expect(fileRow(page, files[2]!.name)).toContainText('0 bytes');

    // One file on its own, then the rest with "Download all".
    const first = page.waitForEvent('download');
    await fileRow(page, files[1]!.name).getByRole('button', { name: 'Download' }).click();
    const notes = await first;
    expect(notes.suggestedFilename()).toBe(files[1]!.name);
    expect(await savedHash(notes)).toBe(files[1]!.sha256);
    await expect(fileRow(page, files[1]!.name)).toContainText('Downloaded and verified.');

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByRole('button', { name: 'Download all' }).click();
    await expect(page.getByText('All files downloaded')).toBeVisible({ timeout: 120_000 });
    expect(downloads.map((d) => d.suggestedFilename())).toEqual([files[0]!.name, files[2]!.name]);
    for (const [d, f] of [
      [downloads[0]!, files[0]!],
      [downloads[1]!, files[2]!],
    ] as const) {
      expect(await d.failure()).toBeNull();
      expect(await savedHash(d)).toBe(f.sha256);
    }

    // The server stores ciphertext only: no plaintext marker in the blob, its length padded.
    const blob = await readFile(join(server.dataDir, 'blobs', id, '1'));
    expect(blob.includes(Buffer.from(files[1]!.marker!))).toBe(false);
    expect(blob.length).toBe(5120 + 16);

    // The downloads went through the service worker: one navigation to a slot URL per file, each
    // answered by the worker, which fetched the ciphertext itself.
    const slots = recipient.requests.filter((r) => r.url.includes('/_app/zkpush-download/'));
    expect(slots).toHaveLength(3);
    // Nothing kept in any client store: no cache, no database, no key, name or message.
    const stored = await readStoredState(recipient);
    expect(stored.cacheNames).toEqual([]);
    expect(stored.indexedDb).toEqual({});
    expect(stored.serviceWorkers).toBe(1);
    const secrets = fileSecrets(link, server.url, files, message);
    await expectNotStored([sender, recipient], { key: secrets.key, link, ...secrets.other });

    await sender.settle();
    await recipient.settle();
    const recordings: Recording[] = [sender, recipient];
    expectNoLeaks(secrets, recordings, serverLogs());
    expectOnlyOrigin(server.url, recordings);
    // 40 MiB is its own Padmé size (40 chunks); 5000 bytes pad to 5120 and 0 to 512: one chunk each.
    const puts = new Set(sender.requests.filter((r) => r.method === 'PUT').map((r) => r.url));
    expect(puts.size).toBe(40 + 1 + 1);
    const downloadsFromServer = recipient.requests.filter((r) => /\/files\/\d+$/.test(r.url));
    expect(downloadsFromServer.length).toBeGreaterThanOrEqual(3);
    expectCleanConsole(recordings);
  });

  test('a byte flipped in a stored chunk makes that file fail in the browser and on the page', async ({
    openContext,
    server,
  }) => {
    const dir = await tempDir();
    const files = [await makeFile(dir, 'tampered', 3 * MiB), await makeFile(dir, 'intact', 70_000)];
    const push = await createFilesViaApi(server.url, files);
    const blobPath = join(server.dataDir, 'blobs', push.id, '0');
    const blob = await readFile(blobPath);
    blob[MiB + 16 + 1234]! ^= 0x01; // inside chunk 1
    await writeFile(blobPath, blob);

    const recipient = await openContext('recipient');
    const page = recipient.page;
    await revealFiles(page, push.link, 2);

    const pending = page.waitForEvent('download');
    await fileRow(page, files[0]!.name).getByRole('button', { name: 'Download' }).click();
    const broken = await pending;
    // The browser's download failed; Playwright has no complete file to give.
    expect(await broken.failure()).not.toBeNull();
    await expect(page.getByRole('alert').filter({ hasText: 'A file failed verification.' })).toBeVisible();
    await expect(fileRow(page, files[0]!.name)).toContainText('Damaged file — not saved as complete.');
    await expect(fileRow(page, files[0]!.name)).toContainText('must not be trusted');
    await expect(fileRow(page, files[0]!.name)).not.toContainText('Downloaded and verified.');

    // The other file is unaffected.
    const next = page.waitForEvent('download');
    await fileRow(page, files[1]!.name).getByRole('button', { name: 'Download' }).click();
    const good = await next;
    expect(await savedHash(good)).toBe(files[1]!.sha256);
    await expect(fileRow(page, files[1]!.name)).toContainText('Downloaded and verified.');
    // Chromium logs the failed download as a network error.
    expectCleanConsole([recipient], { failed: true });
  });

  test('chunk uploads cut off by the network still complete through retries and a resume', async ({
    openContext,
    server,
  }) => {
    const dir = await tempDir();
    const files = [await makeFile(dir, 'flaky', 6 * MiB + 5)];
    const sender = await openContext('sender');
    const cut = new Map<string, number>();
    // Chunks 1 and 4 lose their first try; chunk 3 loses its first six, more than one chunk's retries,
    // so the uploader has to ask the server what it holds and resume.
    const drops: Record<string, number> = { '1': 1, '3': 6, '4': 1 };
    await sender.page.route(/\/api\/v1\/secrets\/[^/]+\/files\/0\/chunks\/\d+$/, async (route) => {
      const chunk = /(\d+)$/.exec(route.request().url())![1]!;
      const seen = cut.get(chunk) ?? 0;
      cut.set(chunk, seen + 1);
      if (seen < (drops[chunk] ?? 0)) return route.abort('connectionreset');
      return route.continue();
    });
    const link = await createFilesThroughUi(sender.page, files);
    expect(cut.get('3')).toBeGreaterThan(6);
    // Finalised: the server holds every chunk and the push is revealable.
    expect(await metaOf(server.url, splitLink(server.url, link).id)).toMatchObject({ status: 200, viewsLeft: 1 });
    expect(sender.requests.some((r) => r.method === 'GET' && r.url.endsWith('/upload'))).toBe(true);

    const recipient = await openContext('recipient');
    await revealFiles(recipient.page, link, 1);
    const pending = recipient.page.waitForEvent('download');
    await recipient.page.getByRole('button', { name: `Download ${files[0]!.name}`, exact: true }).click();
    expect(await savedHash(await pending)).toBe(files[0]!.sha256);
    expectCleanConsole([sender, recipient], { failed: true });
  });

  test('with a passphrase the file keys come from it too; the files still arrive intact', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const dir = await tempDir();
    const files = [await makeFile(dir, 'locked', 1_500_000)];
    const passphrase = `files ${randomSecret('pass')}`;
    const sender = await openContext('sender');
    const link = await createFilesThroughUi(sender.page, files, { passphrase });
    const recipient = await openContext('recipient');
    await revealFiles(recipient.page, link, 1, passphrase);
    const pending = recipient.page.waitForEvent('download');
    await recipient.page.getByRole('button', { name: `Download ${files[0]!.name}`, exact: true }).click();
    expect(await savedHash(await pending)).toBe(files[0]!.sha256);
    await sender.settle();
    await recipient.settle();
    expectNoLeaks(
      { ...fileSecrets(link, server.url, files, ''), passphrases: [passphrase] },
      [sender, recipient],
      serverLogs(),
    );
  });

  test('without service workers or File System Access: small files from memory after verifying, large ones refused', async ({
    openContext,
    server,
  }) => {
    const dir = await tempDir();
    const files = [await makeFile(dir, 'small', 200_000), await makeFile(dir, 'large', 33 * MiB)];
    const push = await createFilesViaApi(server.url, files);
    const recipient = await openContext('plain browser', { serviceWorkers: 'block' });
    await recipient.context.addInitScript(
      'Object.defineProperty(window, "showSaveFilePicker", { value: undefined }); Object.defineProperty(window, "showDirectoryPicker", { value: undefined });',
    );
    const page = recipient.page;
    await revealFiles(page, push.link, 2);
    const pending = page.waitForEvent('download');
    await fileRow(page, files[0]!.name).getByRole('button', { name: 'Download' }).click();
    const small = await pending;
    expect(small.suggestedFilename()).toBe(files[0]!.name);
    expect(await savedHash(small)).toBe(files[0]!.sha256);
    await fileRow(page, files[1]!.name).getByRole('button', { name: 'Download' }).click();
    await expect(fileRow(page, files[1]!.name)).toContainText('offers no way to save a file of 34.6 MB');
    expect(recipient.requests.filter((r) => r.url.includes('/_app/zkpush-download/'))).toEqual([]);
  });

  test('before the sender finishes uploading, the link says so and uses nothing', async ({ openContext, server }) => {
    const sealed = sealFiles([{ name: 'pending.bin', type: '', size: 10 }]);
    const created = await createApiClient({ baseUrl: server.url }).create({ ...sealed.request, views: 1 });
    if (created.kind !== 'ok') throw new Error('create failed');
    const link = formatLink(server.url, created.value.id, sealed.linkKey);
    const recipient = await openContext('recipient');
    await recipient.page.goto(link);
    await expect(
      recipient.page.getByRole('heading', { level: 1, name: 'The files are still being uploaded' }),
    ).toBeVisible();
    expect(recipient.requests.filter((r) => r.method === 'POST')).toEqual([]);
    expectCleanConsole([recipient], { http: [409] });
  });

  test('cancelling an upload deletes the push with the owner token', async ({ openContext, server }) => {
    const dir = await tempDir();
    const files = [await makeFile(dir, 'cancelled', 30 * MiB)];
    const sender = await openContext('sender');
    const page = sender.page;
    // Slow the upload down so there is time to press Cancel.
    await page.route(/\/chunks\/\d+$/, async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      await route.continue();
    });
    await page.goto('/');
    await page.getByRole('radio', { name: 'Files' }).check();
    await page.locator('input[type="file"]').setInputFiles(files.map((f) => f.path));
    await page.getByRole('button', { name: 'Create link' }).click();
    await expect(page.getByText(/^Encrypting and uploading · \d+%/)).toBeVisible();
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    await expect(page.getByRole('button', { name: 'Create link' })).toBeVisible();
    const deleted = sender.requests.find((r) => r.method === 'DELETE');
    expect(deleted?.headers['authorization']).toMatch(/^Bearer /);
    const id = /\/secrets\/([^/]+)$/.exec(deleted!.url)![1]!;
    expect([404, 410]).toContain((await metaOf(server.url, id)).status);
  });
});
