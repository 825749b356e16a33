/** `zkpush open` in-process against the real server; pushes made the way the web app makes them. */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../runtime/exit-codes.ts';
import { runOpen } from './open.ts';
import { fakeContext, type FakeOptions } from '../../testing/context.ts';
import { ok, startTestServer, webPush, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
let dir: string;
beforeAll(async () => {
  srv = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'zkpush-open-'));
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ cwd: dir, ...options });
  const code = await runOpen(args, ctx);
  return { code, stdout: ctx.stdoutText(), bytes: ctx.stdoutBytes(), stderr: ctx.stderrText() };
}

const viewsLeft = async (id: string) => ok(await srv.client.meta(id)).viewsLeft;

describe('zkpush open', () => {
  test('writes the exact text to stdout and the views left to stderr', async () => {
    const text = 'line one\nline two\r\n\tpäss 🔑 no final newline';
    const p = await webPush(srv, text, { views: 2 });
    const first = await open([p.link]);
    expect(first).toMatchObject({ code: EXIT.ok, stdout: text, stderr: '1 view left; expires in 1 day.\n' });
    expect(first.bytes).toEqual(new TextEncoder().encode(text));
    const last = await open([p.link]);
    expect(last.stdout).toBe(text);
    expect(last.stderr).toBe('That was the last view: the secret is now deleted from the server.\n');
  });

  test('a link with a language segment (/<lang>/s/<id>, issue 13 §1) opens the same push', async () => {
    const p = await webPush(srv, 'auf Deutsch');
    const link = p.link.replace('/s/', '/pt-BR/s/');
    expect(link).toMatch(/\/pt-BR\/s\/[A-Za-z0-9_-]{22}#/);
    expect(await open([link])).toMatchObject({ code: EXIT.ok, stdout: 'auf Deutsch' });
    // A segment that is not a language tag is a damaged link (exit 5), refused before any request.
    const damaged = await open([`http://127.0.0.1:1/Deutsch/s/${link.split('/s/')[1] ?? ''}`]);
    expect(damaged).toMatchObject({ code: EXIT.badKey, stdout: '' });
    expect(damaged.stderr).toContain('/s/<id> or /<lang>/s/<id>');
  });

  test('adds a newline only on a terminal and only if the text has none', async () => {
    expect((await open([(await webPush(srv, 'a')).link], { stdoutTTY: true })).stdout).toBe('a\n');
    expect((await open([(await webPush(srv, 'b\n')).link], { stdoutTTY: true })).stdout).toBe('b\n');
    expect((await open([(await webPush(srv, 'c')).link], { stdoutTTY: false })).stdout).toBe('c');
  });

  test('-o writes a 0600 file and nothing to stdout', async () => {
    const p = await webPush(srv, 'to a file');
    expect(await open([p.link, '-o', 'out.txt', '--quiet'])).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('to a file');
    expect(statSync(join(dir, 'out.txt')).mode & 0o777).toBe(0o600);
  });

  test('-o onto an existing file is refused before the view is used; --force replaces it', async () => {
    writeFileSync(join(dir, 'taken.txt'), 'old', { mode: 0o644 });
    const p = await webPush(srv, 'new');
    const refused = await open([p.link, '-o', 'taken.txt']);
    expect(refused).toMatchObject({
      code: EXIT.usage,
      stderr: 'zkpush: taken.txt already exists (use --force to replace it)\n',
    });
    expect(await viewsLeft(p.id)).toBe(1);
    expect((await open([p.link, '-o', 'taken.txt', '--force'])).code).toBe(EXIT.ok);
    expect(readFileSync(join(dir, 'taken.txt'), 'utf8')).toBe('new');
    expect(statSync(join(dir, 'taken.txt')).mode & 0o777).toBe(0o600);
  });

  test('a failed open leaves no claimed output file behind', async () => {
    const p = await webPush(srv, 'x');
    await open([p.link]);
    expect((await open([p.link, '-o', 'never.txt'])).code).toBe(EXIT.gone);
    expect(() => statSync(join(dir, 'never.txt'))).toThrow();
  });

  test('already viewed, deleted and unknown are told apart', async () => {
    const viewed = await webPush(srv, 'x');
    await open([viewed.link]);
    expect(await open([viewed.link])).toMatchObject({
      code: EXIT.gone,
      stdout: '',
      stderr: expect.stringMatching(/^zkpush: already viewed/),
    });

    const deleted = await webPush(srv, 'x');
    ok(await srv.client.expire(deleted.id, deleted.ownerToken));
    expect(await open([deleted.link])).toMatchObject({
      code: EXIT.gone,
      stderr: expect.stringMatching(/^zkpush: deleted/),
    });

    const unknown = viewed.link.replace(/\/s\/[^#]+/, '/s/AAAAAAAAAAAAAAAAAAAAAA');
    expect(await open([unknown])).toMatchObject({
      code: EXIT.notFound,
      stderr: expect.stringMatching(/^zkpush: not found/),
    });
  });

  test('a different (well-formed) key: wrong key, exit 5, no view used, key not echoed', async () => {
    const p = await webPush(srv, 'x');
    const key = p.link.split('#')[1]!;
    const other = `${key[0] === 'A' ? 'B' : 'A'}${key.slice(1, -1)}A`;
    const result = await open([p.link.replace(key, other)]);
    expect(result).toMatchObject({ code: EXIT.badKey, stdout: '', stderr: expect.stringContaining('wrong key') });
    expect(result.stderr).not.toContain(other.slice(0, 20));
    expect(await viewsLeft(p.id)).toBe(1);
  });

  test.each([
    [
      'truncated key',
      (l: string) => l.slice(0, -5),
      EXIT.badKey,
      'damaged link: the key in the link is 38 characters long',
    ],
    ['no key', (l: string) => l.split('#')[0]!, EXIT.badKey, 'damaged link: the link has no key after "#"'],
    ['truncated id', (l: string) => l.replace(/\/s\/./, '/s/'), EXIT.badKey, 'damaged link: the id in the link'],
    ['an id alone', (l: string) => /\/s\/([^#]+)/.exec(l)![1]!, EXIT.usage, 'an id alone cannot decrypt'],
    ['not a link', () => 'hello', EXIT.usage, 'expected a link'],
  ])('%s → exit %i without using a view', async (_name, mangle, exit, message) => {
    const p = await webPush(srv, 'x');
    const result = await open([mangle(p.link)]);
    expect(result).toMatchObject({ code: exit, stdout: '' });
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toContain(p.link.split('#')[1]!.slice(0, 20));
    expect(await viewsLeft(p.id)).toBe(1);
  });

  test('--server reaches the link’s push at another address', async () => {
    const p = await webPush(srv, 'via another address');
    const elsewhere = p.link.replace(srv.url, 'http://127.0.0.1:9');
    expect(await open([elsewhere, '--server', srv.url, '-q'])).toMatchObject({
      code: 0,
      stdout: 'via another address',
    });
  });

  test('"-" reads the link from stdin (kept out of argv)', async () => {
    const p = await webPush(srv, 'link on stdin');
    expect(await open(['-'], { stdin: `${p.link}\n` })).toMatchObject({ code: 0, stdout: 'link on stdin' });
    expect(await open(['-'], { stdin: 'x'.repeat(5000) })).toMatchObject({
      code: EXIT.usage,
      stderr: 'zkpush: stdin does not hold a link\n',
    });
  });

  test('usage errors', async () => {
    expect((await open([])).stderr).toContain('open needs a link');
    expect((await open(['a', 'b'])).stderr).toContain('open takes one argument, got 2');
    expect(await open(['--passphrase-env', 'PW', 'x'])).toMatchObject({ code: EXIT.usage });
  });
});
