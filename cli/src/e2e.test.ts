/**
 * End to end: the real executable (`node cli/bin/zkpush.js`, spawned) against the real server
 * (startServer on a loopback port, SQLite in a temp dir). Also cross-compatibility with the web app's
 * path — the same shared api-client/sealText/openPush calls its pages make.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { EXIT } from './runtime/exit-codes.ts';
import { runBin, type RunResult } from './testing/spawn.ts';
import { parseLink } from '@zkpush/shared/link';
import {
  LINK_PATTERN,
  ok,
  startTestServer,
  webOpen,
  webOpenLocked,
  webPush,
  webPushLocked,
  type TestServer,
} from './testing/server.ts';

let srv: TestServer;
let dir: string;
beforeAll(async () => {
  srv = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'zkpush-e2e-'));
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

type Options = { input?: string | Uint8Array; env?: Record<string, string>; noTerminal?: boolean };
const zkpush = (args: string[], options: Options = {}) =>
  runBin(args, { ...options, cwd: dir, env: { ZKPUSH_SERVER: srv.url, ...options.env } });

/** The link on stdout, checked to be the only thing there. */
function linkOf(result: RunResult): string {
  expect(result.code, result.stderr).toBe(EXIT.ok);
  const out = result.stdout.toString('utf8');
  expect(out).toMatch(/^[^\n]+\n$/);
  const link = out.trimEnd();
  expect(link).toMatch(LINK_PATTERN);
  // The key never reaches stderr (terminal scrollback, CI logs).
  expect(result.stderr).not.toContain(link.split('#')[1]!);
  return link;
}

describe('zkpush executable', { timeout: 60_000 }, () => {
  test('--version from another working directory', async () => {
    const result = await runBin(['--version'], { cwd: tmpdir() });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe(`${pkg.version}\n`);
  });

  test('push from argv → open returns the exact bytes; a second open is "already viewed" (4)', async () => {
    const link = linkOf(await zkpush(['push', 'demo text, not a secret']));
    const opened = await zkpush(['open', link]);
    expect(opened).toMatchObject({ code: EXIT.ok, stderr: expect.stringMatching(/last view/) });
    expect(opened.stdout.toString('utf8')).toBe('demo text, not a secret');
    const again = await zkpush(['open', link]);
    expect(again).toMatchObject({ code: EXIT.gone, stderr: expect.stringMatching(/^zkpush: already viewed/) });
    expect(again.stdout.length).toBe(0);
  });

  test('push from stdin (echo-style newline stripped) → open returns the exact bytes', async () => {
    const text = 'pä$$ 🔑 "quoted"\n\tsecond line';
    const pushed = await zkpush(['push', '--expires', '1h'], { input: `${text}\n` });
    expect(pushed.stderr).toBe(
      'Link opens once, expires in 1 hour.\nOwner token not shown: stderr is not a terminal. Use --json to get it.\n',
    );
    // The link on stdin too ("open -"), so neither secret nor key is ever in argv.
    const opened = await zkpush(['open', '-'], { input: `${linkOf(pushed)}\n` });
    expect(Buffer.compare(opened.stdout, Buffer.from(text, 'utf8'))).toBe(0);
  });

  test('--keep-newline keeps stdin byte for byte', async () => {
    const link = linkOf(await zkpush(['push', '--keep-newline', '-'], { input: 'x\n' }));
    expect((await zkpush(['open', link])).stdout.toString('utf8')).toBe('x\n');
  });

  test('a truncated link is exit 5, an unknown id exit 3', async () => {
    const link = linkOf(await zkpush(['push', 'demo']));
    const truncated = await zkpush(['open', link.slice(0, -3)]);
    expect(truncated).toMatchObject({ code: EXIT.badKey, stderr: expect.stringMatching(/^zkpush: damaged link/) });
    expect(truncated.stderr).not.toContain(link.split('#')[1]!.slice(0, 20));
    const unknown = await zkpush(['open', link.replace(/\/s\/[^#]+/, '/s/AAAAAAAAAAAAAAAAAAAAAA')]);
    expect(unknown).toMatchObject({ code: EXIT.notFound, stderr: expect.stringMatching(/^zkpush: not found/) });
    // The truncated attempt used no view.
    expect((await zkpush(['open', link])).stdout.toString()).toBe('demo');
  });

  test('server down → exit 7', async () => {
    const gone = await startTestServer();
    await gone.close();
    const result = await zkpush(['push', 'demo'], { env: { ZKPUSH_SERVER: gone.url } });
    expect(result).toMatchObject({
      code: EXIT.network,
      stderr: `zkpush: cannot reach ${gone.url}: connection refused (is the server running?)\n`,
    });
  });

  test('--views / --expires out of range → exit 2 naming the range', async () => {
    const views = await zkpush(['push', '--views', '101', 'demo']);
    expect(views).toMatchObject({
      code: EXIT.usage,
      stderr: 'zkpush: --views must be between 1 and 100 on this server (got 101)\n',
    });
    const expires = await zkpush(['push', '--expires', '100d', 'demo']);
    expect(expires).toMatchObject({
      code: EXIT.usage,
      stderr: 'zkpush: --expires must be between 5 minutes and 90 days on this server (got 100 days)\n',
    });
  });

  test('--json parses; delete with the owner token (env) → open is exit 4 "deleted"', async () => {
    const pushed = await zkpush(['push', '--json', '--views', '2'], { input: 'to be deleted' });
    expect(pushed.code).toBe(EXIT.ok);
    const json = JSON.parse(pushed.stdout.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['expiresAt', 'id', 'link', 'ownerToken', 'views']);
    expect(json['views']).toBe(2);
    const link = String(json['link']);
    const deleted = await zkpush(['delete', String(json['id'])], {
      env: { ZKPUSH_OWNER_TOKEN: String(json['ownerToken']) },
    });
    expect(deleted).toMatchObject({ code: EXIT.ok, stderr: expect.stringMatching(/^Deleted/) });
    const opened = await zkpush(['open', link]);
    expect(opened).toMatchObject({ code: EXIT.gone, stderr: expect.stringMatching(/^zkpush: deleted/) });
  });

  test('push --json → open → events shows the view, with the token from the env or a file', async () => {
    const pushed = await zkpush(['push', '--json', '--views', '2'], { input: 'audited' });
    const json = JSON.parse(pushed.stdout.toString('utf8')) as { link: string; id: string; ownerToken: string };
    expect((await zkpush(['open', json.link])).code).toBe(EXIT.ok);
    const table = await zkpush(['events', json.id], { env: { ZKPUSH_OWNER_TOKEN: json.ownerToken } });
    expect(table).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(table.stdout.toString('utf8')).toMatch(/^state {6}active\n/m);
    expect(table.stdout.toString('utf8')).toMatch(/ viewed {2,}127\.0\.0\.0\/24 /);
    const viaStdin = await zkpush(['events', '--json', '--owner-token-file', '-', json.link], {
      input: `${json.ownerToken}\n`,
    });
    const trail = JSON.parse(viaStdin.stdout.toString('utf8')) as { viewsLeft: number; events: { type: string }[] };
    expect(trail.viewsLeft).toBe(1);
    expect(trail.events.map((e) => e.type)).toEqual(['created', 'viewed']);
    expect(await zkpush(['events', json.id])).toMatchObject({ code: EXIT.usage, stdout: Buffer.alloc(0) });
  });

  test('open -o writes a 0600 file', async () => {
    const link = linkOf(await zkpush(['push'], { input: 'file secret\n' }));
    const opened = await zkpush(['open', link, '-o', 'secret.txt']);
    expect(opened).toMatchObject({ code: EXIT.ok });
    expect(opened.stdout.length).toBe(0);
    expect(readFileSync(join(dir, 'secret.txt'), 'utf8')).toBe('file secret');
    expect(statSync(join(dir, 'secret.txt')).mode & 0o777).toBe(0o600);
  });

  test('meta shows views left without using one', async () => {
    const link = linkOf(await zkpush(['push', '--views', '3', 'demo']));
    const meta = await zkpush(['meta', '--json', link]);
    expect(JSON.parse(meta.stdout.toString('utf8'))).toMatchObject({ views: 3, viewsLeft: 3 });
  });
});

describe('cross-compatibility with the web app path', { timeout: 60_000 }, () => {
  test('a link made by the CLI opens with the shared api-client + openPush', async () => {
    const text = 'made by the CLI ✓\n';
    const link = linkOf(await zkpush(['push', '--keep-newline'], { input: text }));
    expect(await webOpen(srv, link)).toBe(text);
  });

  test('a link made the web app’s way opens in the CLI', async () => {
    const text = 'made by the web app ✓';
    const p = await webPush(srv, text);
    const opened = await zkpush(['open', p.link]);
    expect(opened.code).toBe(EXIT.ok);
    expect(opened.stdout.toString('utf8')).toBe(text);
  });
});

describe('passphrases through the executable', { timeout: 60_000 }, () => {
  const idOf = (link: string): string => {
    const parsed = parseLink(link);
    if (parsed.kind !== 'ok') throw new Error(parsed.message);
    return parsed.id;
  };

  test('push --passphrase-env at the default cost → open --passphrase-file; a wrong one is exit 6', async () => {
    const pushed = await zkpush(['push', '--passphrase-env', 'DB_PASSPHRASE'], {
      input: 'locked in a pipeline\n',
      env: { DB_PASSPHRASE: 'open sesame' },
    });
    const link = linkOf(pushed);
    expect(pushed.stderr).not.toContain('open sesame');
    const lock = ok(await srv.client.meta(idOf(link))).passphrase;
    expect(lock).toMatchObject({ kdf: { alg: 'argon2id', v: 19, m: 65536, t: 2, p: 1 }, attemptsLeft: 5 });

    const wrong = await zkpush(['open', '-', '--passphrase-env', 'PW'], { input: link, env: { PW: 'open sesame!' } });
    expect(wrong).toMatchObject({ code: EXIT.wrongPassphrase, stdout: Buffer.alloc(0) });
    expect(wrong.stderr).toMatch(/^zkpush: wrong passphrase \(no view was used\); 4 attempts left: /);

    writeFileSync(join(dir, 'passphrase.txt'), 'open sesame\n', { mode: 0o600 });
    const opened = await zkpush(['open', '-', '--passphrase-file', 'passphrase.txt'], { input: link });
    expect(opened).toMatchObject({ code: EXIT.ok, stderr: expect.stringMatching(/last view/) });
    expect(opened.stdout.toString('utf8')).toBe('locked in a pipeline');
  });

  test('without a controlling terminal or a passphrase option: exit 2, nothing spent', async () => {
    const p = await webPushLocked(srv, 'waits', 'pw');
    const result = await zkpush(['open', p.link], { noTerminal: true });
    expect(result).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('no terminal to ask on') });
    const push = await zkpush(['push', '--passphrase', 'demo'], { noTerminal: true });
    expect(push).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('--passphrase asks on a terminal'),
    });
    expect(ok(await srv.client.meta(p.id))).toMatchObject({ viewsLeft: 1, passphrase: { attemptsLeft: 5 } });
  });

  test('a CLI passphrase push opens with the web app’s code, and a web one in the CLI', async () => {
    const link = linkOf(
      await zkpush(['push', '--passphrase-file', '-', 'from the CLI, locked'], { input: 'shared secret\n' }),
    );
    expect(await webOpenLocked(srv, link, 'shared secret')).toBe('from the CLI, locked');
    const p = await webPushLocked(srv, 'from the web, locked', 'shared secret');
    const opened = await zkpush(['open', p.link, '--passphrase-env', 'PW'], { env: { PW: 'shared secret' } });
    expect(opened).toMatchObject({ code: EXIT.ok });
    expect(opened.stdout.toString('utf8')).toBe('from the web, locked');
  });
});
