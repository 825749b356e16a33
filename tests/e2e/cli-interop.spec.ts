/**
 * Links made by the CLI open in the browser, and links made in the browser open in the CLI (issue
 * 5), against the same real server: the real executable (`node cli/bin/zkpush.js`, spawned with the
 * runner's Node 26) on one side, Chromium driving the built app on the other — for a text push, a
 * passphrase push and a file push, each both ways. The CLI always gets the link on stdin (`open -`),
 * so it is never in argv. Every request of the browser and every server log line (the CLI's
 * requests included) is searched for the key, the link, the text, the passphrase, file names and
 * contents; the CLI's stderr must not carry the key either.
 */
import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download } from '@playwright/test';
import { runBin, type RunResult } from 'zkpush/testing/spawn';
import { expect, test } from './helpers/fixtures.ts';
import { expectCleanConsole, expectNoLeaks, expectOnlyOrigin } from './helpers/assertions.ts';
import { createThroughUi } from './helpers/create-ui.ts';
import { makeFile, sha256File, tempDir, type TestFile } from './helpers/file-pushes.ts';
import { createFilesThroughUi, fileRow, fileSecrets, revealFiles, savedHash } from './helpers/files-ui.ts';
import { metaOf, randomSecret, splitLink } from './helpers/pushes.ts';

const MiB = 1024 * 1024;

/** Run the CLI with only PATH and `env` in its environment, without a controlling terminal (as in CI). */
function zkpush(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
  return runBin(args, { ...options, noTerminal: true });
}

/** The link `push` printed: exit 0, one line on stdout and nothing else there, the key not on stderr. */
function linkFrom(result: RunResult, origin: string): { link: string; id: string; key: string } {
  expect(result.code, result.stderr).toBe(0);
  const out = result.stdout.toString('utf8');
  expect(out).toMatch(/^[^\n]+\n$/);
  const link = out.trimEnd();
  const { id, key } = splitLink(origin, link);
  expect(result.stderr).not.toContain(key);
  return { link, id, key };
}

/** What `open` printed checked: exit 0, the last view used, nothing about the key on stderr. */
function expectOpened(result: RunResult, key: string): void {
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).toContain('That was the last view');
  expect(result.stderr).not.toContain(key);
}

const randomPassphrase = () => `${randomSecret('passphrase').split(' ')[1]} café`;

test.describe('text pushes', () => {
  test('pushed by the CLI from stdin, revealed in the browser with the exact text', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const text = `${randomSecret('cli to web')}\n\tsecond line "quoted"`;
    const pushed = await zkpush(['push', '--server', server.url, '--expires', '1h'], { input: text });
    const { link, id, key } = linkFrom(pushed, server.url);
    expect(pushed.stderr).toContain('Link opens once, expires in 1 hour.');
    expect(await metaOf(server.url, id)).toEqual({ status: 200, views: 1, viewsLeft: 1, seconds: 3600 });

    const recipient = await openContext('recipient');
    const page = recipient.page;
    await page.goto(link);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(text);
    await expect(page.getByText('This was the last view')).toBeVisible();
    expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'viewed' });

    await recipient.settle();
    expectNoLeaks({ plaintext: text, key, link }, [recipient], serverLogs());
    expectOnlyOrigin(server.url, [recipient]);
    expectCleanConsole([recipient]);
  });

  test('created in the browser, opened by the CLI (link on stdin) with the exact bytes', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const text = randomSecret('web to cli');
    const sender = await openContext('sender');
    const link = await createThroughUi(sender.page, { text, views: '1 view', expiry: '1 hour' });
    const { id, key } = splitLink(server.url, link);

    const opened = await zkpush(['open', '--server', server.url, '-'], { input: `${link}\n` });
    expectOpened(opened, key);
    expect(opened.stdout.equals(Buffer.from(text, 'utf8'))).toBe(true);
    expect(opened.stderr).not.toContain(text);
    expect(await metaOf(server.url, id)).toEqual({ status: 410, code: 'gone', reason: 'viewed' });

    // The reveal in the server's log is the CLI's (the browser only created), so the leak check below
    // covers what the CLI sent as well.
    expect(serverLogs().filter((l) => l.includes('"path":"/api/v1/secrets/:id/reveal"'))).toHaveLength(1);
    await sender.settle();
    expectNoLeaks({ plaintext: text, key, link }, [sender], serverLogs());
    expectOnlyOrigin(server.url, [sender]);
    expectCleanConsole([sender]);
  });
});

test.describe('passphrase pushes', () => {
  test('pushed by the CLI with --passphrase-env, revealed in the browser with the passphrase', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const text = randomSecret('cli locked');
    const passphrase = randomPassphrase();
    const pushed = await zkpush(['push', '--server', server.url, '--passphrase-env', 'ZK_PASSPHRASE'], {
      input: text,
      env: { ZK_PASSPHRASE: passphrase },
    });
    const { link, key } = linkFrom(pushed, server.url);
    expect(pushed.stderr).toContain('Locked with a passphrase');
    expect(pushed.stderr).not.toContain(passphrase);

    const recipient = await openContext('recipient');
    const page = recipient.page;
    await page.goto(link);
    await expect(page.getByText('It is protected by a passphrase.')).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    await expect(page.getByLabel('Secret', { exact: true })).toHaveValue(text);

    await recipient.settle();
    expectNoLeaks({ plaintext: text, key, link, passphrases: [passphrase] }, [recipient], serverLogs());
    expectCleanConsole([recipient]);
  });

  test('created in the browser with a passphrase, opened by the CLI with --passphrase-file', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const text = randomSecret('web locked');
    const passphrase = randomPassphrase();
    // The form derives P at the default Argon2id cost, as for everyone.
    const sender = await openContext('sender');
    const link = await createThroughUi(sender.page, { text, passphrase, views: '1 view', expiry: '1 hour' });
    const { key } = splitLink(server.url, link);
    const dir = await mkdtemp(join(tmpdir(), 'zkpush-interop-'));
    const passphraseFile = join(dir, 'passphrase.txt');
    await writeFile(passphraseFile, `${passphrase}\n`, { mode: 0o600 });

    const opened = await zkpush(['open', '--server', server.url, '--passphrase-file', passphraseFile, '-'], {
      input: `${link}\n`,
    });
    expectOpened(opened, key);
    expect(opened.stdout.toString('utf8')).toBe(text);
    expect(opened.stderr).not.toContain(passphrase);

    await sender.settle();
    expectNoLeaks({ plaintext: text, key, link, passphrases: [passphrase] }, [sender], serverLogs());
    expectCleanConsole([sender]);
  });
});

/** A few files: one of several MiB, a small text file, an empty one. */
async function someFiles(dir: string): Promise<TestFile[]> {
  return [
    await makeFile(dir, 'big', 3 * MiB + 123),
    await makeFile(dir, 'notes', 5000, { ext: '.txt', type: 'text/plain', text: true }),
    await makeFile(dir, 'empty', 0, { ext: '.txt', type: 'text/plain' }),
  ];
}

test.describe('file pushes', () => {
  test('pushed by the CLI with -f, downloaded in the browser through the service worker, same SHA-256', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const dir = await tempDir();
    const files = await someFiles(dir);
    const message = randomSecret('cli files note');
    const messageFile = join(dir, 'note');
    await writeFile(messageFile, message);
    const pushed = await zkpush([
      'push',
      '--server',
      server.url,
      ...files.flatMap((f) => ['-f', f.path]),
      '--message-file',
      messageFile,
    ]);
    const { link, id } = linkFrom(pushed, server.url);
    expect(pushed.stderr).toMatch(/^3 files, /m);
    for (const f of files) expect(pushed.stderr).not.toContain(f.name);

    const recipient = await openContext('recipient');
    const page = recipient.page;
    await revealFiles(page, link, 3);
    await expect(page.getByLabel('Message', { exact: true })).toHaveValue(message);
    await expect(fileRow(page, files[0]!.name)).toContainText('3.15 MB');
    await expect(fileRow(page, files[1]!.name)).toContainText('Text file · 5 kB');
    await expect(fileRow(page, files[2]!.name)).toContainText('0 bytes');

    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.getByRole('button', { name: 'Download all' }).click();
    await expect(page.getByText('All files downloaded')).toBeVisible();
    expect(downloads.map((d) => d.suggestedFilename())).toEqual(files.map((f) => f.name));
    for (const [i, d] of downloads.entries()) {
      expect(await d.failure()).toBeNull();
      expect(await savedHash(d)).toBe(files[i]!.sha256);
    }
    // Through the service worker: one navigation to a slot URL per file.
    expect(recipient.requests.filter((r) => r.url.includes('/_app/zkpush-download/'))).toHaveLength(3);
    expect(await metaOf(server.url, id)).toMatchObject({ status: 410 });

    await recipient.settle();
    expectNoLeaks(fileSecrets(link, server.url, files, message), [recipient], serverLogs());
    expectOnlyOrigin(server.url, [recipient]);
    expectCleanConsole([recipient]);
  });

  test('created in the browser, saved by the CLI with open -o DIR under the names given, same SHA-256', async ({
    openContext,
    server,
    serverLogs,
  }) => {
    const dir = await tempDir();
    const files = await someFiles(dir);
    const message = randomSecret('web files note');
    const sender = await openContext('sender');
    const link = await createFilesThroughUi(sender.page, files, { message });
    const { key } = splitLink(server.url, link);

    const out = join(dir, 'received');
    const opened = await zkpush(['open', '--server', server.url, '-o', out, '-'], { input: `${link}\n` });
    expectOpened(opened, key);
    expect(opened.stdout.length).toBe(0);
    // The sender's note is part of the push: it goes to stderr.
    expect(opened.stderr).toContain(message);
    expect((await readdir(out)).sort()).toEqual(files.map((f) => f.name).sort());
    for (const f of files) {
      const saved = join(out, f.name);
      expect((await stat(saved)).size).toBe(f.size);
      expect(await sha256File(saved)).toBe(f.sha256);
    }

    await sender.settle();
    expectNoLeaks(fileSecrets(link, server.url, files, message), [sender], serverLogs());
    expectCleanConsole([sender]);
  });
});
