/**
 * `zkpush push` with a passphrase, in-process against the real server: every source, the checks that
 * refuse before anything is created, and the push opening with the web app's code (openPush with P).
 * fakeContext seals at KDF_FLOOR to keep Argon2id short; e2e.test.ts pushes once at the default cost.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KDF_FLOOR } from '@zkpush/shared/kdf-params';
import { parseLink } from '@zkpush/shared/link';
import { EXIT } from '../../runtime/exit-codes.ts';
import { runPush } from './push.ts';
import { fakeContext, recordingFetch, type FakeOptions } from '../../testing/context.ts';
import { FakeTerminal } from '../../testing/fake-terminal.ts';
import { LINK_PATTERN, ok, startTestServer, webOpenLocked, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
let noPassphrases: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ ZKPUSH_PASSPHRASE_ATTEMPTS: '3' });
  noPassphrases = await startTestServer({ ZKPUSH_PASSPHRASE_ALLOWED: 'false' });
});
afterAll(async () => {
  await srv.close();
  await noPassphrases.close();
});

async function push(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ ...options, env: { ZKPUSH_SERVER: srv.url, ...options.env } });
  const code = await runPush(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

const metaOf = async (link: string) => {
  const parsed = parseLink(link);
  if (parsed.kind !== 'ok') throw new Error(parsed.message);
  return ok(await srv.client.meta(parsed.id));
};

describe('zkpush push with a passphrase', () => {
  test('--passphrase-env: a passphrase lock at the given cost, and the web app’s code opens it', async () => {
    const result = await push(['--passphrase-env', 'PW'], { stdin: 'db password\n', env: { PW: 'correct horse' } });
    expect(result.code, result.stderr).toBe(EXIT.ok);
    const link = result.stdout.trimEnd();
    expect(link).toMatch(LINK_PATTERN);
    expect(result.stderr).toContain('Locked with a passphrase; tell it to the recipient another way. 3 wrong ones');
    expect(result.stderr).not.toContain('correct horse');
    const meta = await metaOf(link);
    expect(meta.passphrase).toEqual({
      kdf: { alg: 'argon2id', v: 19, ...KDF_FLOOR, salt: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) },
      attemptsLeft: 3,
    });
    expect(await webOpenLocked(srv, link, 'correct horse')).toBe('db password');
  });

  test('--passphrase asks twice on the terminal without echo, then reads the secret from stdin', async () => {
    const terminal = new FakeTerminal(['tr0ub4dor &3\r', 'tr0ub4dor &3\r']);
    const result = await push(['--passphrase', '--quiet'], { terminal, stdin: 'from stdin' });
    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(terminal.written()).toBe('Passphrase for this push: \nRepeat the passphrase: \n');
    expect(terminal).toMatchObject({ prompts: 2, opened: 1, closed: 1, raw: false });
    expect(await webOpenLocked(srv, result.stdout.trimEnd(), 'tr0ub4dor &3')).toBe('from stdin');
  });

  test('--passphrase-file: its first line; "-" reads stdin when the secret is an argument', async () => {
    const viaStdin = await push(['--passphrase-file', '-', 'demo, not a secret'], { stdin: 'from a pipe\n' });
    expect(viaStdin.code, viaStdin.stderr).toBe(EXIT.ok);
    expect(await webOpenLocked(srv, viaStdin.stdout.trimEnd(), 'from a pipe')).toBe('demo, not a secret');
  });

  test('progress on stderr when it is a terminal, erased afterwards; none in scripts', async () => {
    const tty = await push(['--passphrase-env', 'PW', 'x'], { env: { PW: 'pw' }, stderrTTY: true });
    expect(tty.code).toBe(EXIT.ok);
    expect(tty.stderr).toMatch(/^\rDeriving the key from the passphrase \(Argon2id\)… \d+%/);
    expect(tty.stderr).toContain('100%\r\u001b[K');
    const piped = await push(['--passphrase-env', 'PW', 'x'], { env: { PW: 'pw' } });
    expect(piped.stderr).not.toContain('Deriving');
  });

  test.each([
    ['an empty variable', ['--passphrase-env', 'PW'], { env: { PW: '' } }, 'the passphrase in PW is empty'],
    ['an unset variable', ['--passphrase-env', 'PW'], {}, '--passphrase-env: the environment variable PW is not set'],
    ['no terminal for --passphrase', ['--passphrase'], {}, '--passphrase asks on a terminal and there is none'],
    [
      'two different entries',
      ['--passphrase'],
      { terminal: new FakeTerminal(['one\r', 'two\r']) },
      'the two passphrases differ',
    ],
    ['an empty entry', ['--passphrase'], { terminal: new FakeTerminal(['\r']) }, 'the passphrase entered is empty'],
    ['Ctrl-C at the prompt', ['--passphrase'], { terminal: new FakeTerminal(['sec\u0003']) }, 'cancelled'],
  ] as const)('%s: usage error, nothing created', async (_name, args, options, message) => {
    const rec = recordingFetch();
    const result = await push([...args], { stdin: 'never pushed', ...options, fetch: rec.fetch });
    expect(result).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`^zkpush: ${message}[^\n]*\n$`));
    expect(rec.calls).toEqual(['GET /api/v1/config']);
  });

  test('a server that allows no passphrases: refused before asking, nothing created', async () => {
    const rec = recordingFetch();
    const terminal = new FakeTerminal(['pw\r', 'pw\r']);
    const result = await push(['--passphrase', '-s', noPassphrases.url, 'x'], { terminal, fetch: rec.fetch });
    expect(result).toMatchObject({
      code: EXIT.usage,
      stderr: 'zkpush: this server does not accept passphrases (its /api/v1/config says so); nothing was pushed\n',
    });
    expect(terminal.opened).toBe(0);
    expect(rec.calls).toEqual(['GET /api/v1/config']);
  });
});
