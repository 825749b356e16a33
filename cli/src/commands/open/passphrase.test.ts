/**
 * `zkpush open` of passphrase pushes, in-process against the real server (and a fake one for hostile
 * metadata): the passphrase from a file, a variable or the terminal, wrong ones with the attempts
 * left, the lock after the last, nothing spent without a passphrase, and KDF parameters refused before
 * a passphrase is even asked for — so before any Argon2id run. Pushes are made with the web app's code
 * (derivePassKey + sealTextWithPassKey) at KDF_FLOOR.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { KDF_FLOOR, newKdfParams } from '@zkpush/shared/kdf-params';
import { formatLink } from '@zkpush/shared/link';
import { EXIT } from '../../runtime/exit-codes.ts';
import { runOpen } from './open.ts';
import { fakeContext, recordingFetch, type FakeOptions } from '../../testing/context.ts';
import { FakeTerminal } from '../../testing/fake-terminal.ts';
import { ok, startTestServer, webPush, webPushLocked, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
let dir: string;
beforeAll(async () => {
  srv = await startTestServer({ ZKPUSH_PASSPHRASE_ATTEMPTS: '3' });
  dir = mkdtempSync(join(tmpdir(), 'zkpush-open-pass-'));
  writeFileSync(join(dir, 'right.txt'), 'correct horse\n');
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ cwd: dir, ...options });
  const code = await runOpen(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

const meta = async (id: string) => ok(await srv.client.meta(id));
const locked = (text: string, views = 1) => webPushLocked(srv, text, 'correct horse', { views });

describe('zkpush open, passphrase pushes', () => {
  test('a web-made push opens with --passphrase-file and with --passphrase-env', async () => {
    const p = await locked('from the web', 2);
    const viaFile = await open([p.link, '--passphrase-file', 'right.txt']);
    expect(viaFile).toMatchObject({
      code: EXIT.ok,
      stdout: 'from the web',
      stderr: '1 view left; expires in 1 day.\n',
    });
    const viaEnv = await open([p.link, '--passphrase-env', 'PW'], { env: { PW: 'correct horse' } });
    expect(viaEnv).toMatchObject({ code: EXIT.ok, stdout: 'from the web' });
    expect(viaEnv.stderr).toContain('That was the last view');
  });

  test('"-" reads the link from stdin while the passphrase comes from a file; not both from stdin', async () => {
    const p = await locked('link on stdin');
    const both = await open(['-', '--passphrase-file', '-'], { stdin: p.link });
    expect(both).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('it holds the link') });
    const ok = await open(['-', '--passphrase-file', 'right.txt'], { stdin: p.link });
    expect(ok).toMatchObject({ code: EXIT.ok, stdout: 'link on stdin' });
  });

  test('a wrong passphrase: exit 6, attempts left on stderr, no view used; the last one locks (exit 4)', async () => {
    const p = await locked('guarded');
    const wrong = (pw: string) => open([p.link, '--passphrase-env', 'PW'], { env: { PW: pw } });
    const first = await wrong('Correct horse');
    expect(first).toMatchObject({ code: EXIT.wrongPassphrase, stdout: '' });
    expect(first.stderr).toBe(
      'zkpush: wrong passphrase (no view was used); 2 attempts left: each wrong passphrase is counted by the server, and the secret is destroyed after the last.\n',
    );
    expect(await meta(p.id)).toMatchObject({ viewsLeft: 1, passphrase: { attemptsLeft: 2 } });
    expect((await wrong('correct horse ')).stderr).toContain(
      '1 attempt left: a wrong passphrase now destroys the secret.',
    );
    const last = await wrong('correct');
    expect(last).toMatchObject({
      code: EXIT.gone,
      stderr:
        'zkpush: locked: too many wrong passphrases; this secret is deleted (that wrong passphrase was the last attempt)\n',
    });
    const after = await open([p.link, '--passphrase-file', 'right.txt']);
    expect(after).toMatchObject({
      code: EXIT.gone,
      stderr: 'zkpush: locked: too many wrong passphrases; this secret is deleted\n',
    });
  });

  test('on a terminal: asked without echo, asked again after a wrong one (each counted, and it says so)', async () => {
    const p = await locked('typed twice');
    const terminal = new FakeTerminal(['nope-typed\r', 'correct horse\r']);
    const result = await open([p.link], { terminal });
    expect(result).toMatchObject({ code: EXIT.ok, stdout: 'typed twice' });
    expect(terminal.written()).toBe(
      'This secret is locked with a passphrase. 3 attempts left: each wrong passphrase is counted by the server, and the secret is destroyed after the last.\n' +
        'Passphrase: \n' +
        'Wrong passphrase. 2 attempts left: each wrong passphrase is counted by the server, and the secret is destroyed after the last.\n' +
        'Passphrase: \n',
    );
    expect(terminal).toMatchObject({ prompts: 2, opened: 1, closed: 1, raw: false });
  });

  test('on a terminal: retries stop at the lock; --no-retry stops at the first wrong one', async () => {
    const p = await locked('never shown');
    const noRetry = new FakeTerminal(['one\r', 'never typed\r']);
    expect(await open([p.link, '--no-retry'], { terminal: noRetry })).toMatchObject({ code: EXIT.wrongPassphrase });
    expect(noRetry.prompts).toBe(1);
    const terminal = new FakeTerminal(['two\r', 'three\r', 'never typed\r']);
    const result = await open([p.link], { terminal });
    expect(result).toMatchObject({ code: EXIT.gone, stdout: '', stderr: expect.stringMatching(/^zkpush: locked: /) });
    expect(terminal.prompts).toBe(2);
  });

  test('no terminal and no --passphrase-env/-file: a usage error that spends nothing', async () => {
    const p = await locked('patience');
    const rec = recordingFetch();
    const result = await open([p.link], { fetch: rec.fetch });
    expect(result).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(result.stderr).toBe(
      'zkpush: this secret is locked with a passphrase and there is no terminal to ask on: use --passphrase-env VAR or --passphrase-file FILE (no view or attempt was used)\n',
    );
    expect(rec.calls).toEqual([`GET /api/v1/secrets/${p.id}`]);
    expect(await open([p.link, '--passphrase'])).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('--passphrase asks on a terminal and there is none'),
    });
    const cancelled = await open([p.link], { terminal: new FakeTerminal(['\u0003']) });
    expect(cancelled).toMatchObject({ code: EXIT.usage, stderr: 'zkpush: cancelled: no passphrase was entered\n' });
    expect(await meta(p.id)).toMatchObject({ viewsLeft: 1, passphrase: { attemptsLeft: 3 } });
  });

  test('a passphrase option for a push without one is noted and ignored', async () => {
    const p = await webPush(srv, 'no lock');
    const result = await open([p.link, '--passphrase-file', 'right.txt']);
    expect(result).toMatchObject({ code: EXIT.ok, stdout: 'no lock' });
    expect(result.stderr).toMatch(/^This secret has no passphrase; the passphrase option is ignored\.\n/);
  });

  test('progress on stderr for a terminal, and the link key never in any output', async () => {
    const p = await locked('quietly');
    const result = await open([p.link, '--passphrase-file', 'right.txt'], { stderrTTY: true });
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(/^\rDeriving the key from the passphrase \(Argon2id\)… \d+%/);
    // Erased (CR, then ECMA-48 EL) before the next line.
    expect(result.stderr).toContain(' 100%\r\u001b[KThat was the last view: ');
    expect(result.stderr).not.toContain(p.link.split('#')[1]!);
    expect(result.stderr).not.toContain('correct horse');
  });
});

describe('zkpush open, a hostile or broken server', () => {
  const ORIGIN = 'http://fake.invalid';
  const ID = 'AAAAAAAAAAAAAAAAAAAAAA';
  const link = formatLink(ORIGIN, ID, new Uint8Array(32).fill(7));
  const metaWith = (kdf: unknown) => ({
    id: ID,
    views: 1,
    viewsLeft: 1,
    createdAt: '2030-01-01T00:00:00.000Z',
    expiresAt: '2030-01-02T00:00:00.000Z',
    flags: { retrievalStep: true, deletableByViewer: true },
    passphrase: { kdf, attemptsLeft: 5 },
    files: null,
  });
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const salt = 'QEFCQ0RFRkdISUpLTE1OTw';

  test.each([
    ['too weak', { m: 1024, t: 1 }, EXIT.server, 'KDF cost m=1024 t=1 is below the minimum m=19456 t=2'],
    ['too costly', { m: 262144, t: 10 }, EXIT.server, 'exceeds the maximum'],
    ['4 lanes', { p: 4 }, EXIT.other, 'KDF parallelism must be 1, got 4): update it'],
    [
      'another algorithm',
      { alg: 'scrypt\u001b[2J' },
      EXIT.other,
      'unsupported passphrase KDF scrypt\\u001b[2J version 19',
    ],
  ])(
    '%s: refused before the passphrase is asked for, and nothing is revealed',
    async (_name, change, exit, message) => {
      const kdf = { alg: 'argon2id', v: 19, m: 65536, t: 2, p: 1, salt, ...change };
      const rec = recordingFetch((method) => (method === 'GET' ? json(metaWith(kdf)) : undefined));
      const terminal = new FakeTerminal(['would be typed\r']);
      const result = await open([link], { fetch: rec.fetch, terminal, env: { PW: 'pw' } });
      expect(result).toMatchObject({ code: exit, stdout: '' });
      expect(result.stderr).toContain(message);
      expect(rec.calls).toEqual([`GET /api/v1/secrets/${ID}`]);
      // No terminal opened and no passphrase read: Argon2id never had anything to run on.
      expect(terminal.opened).toBe(0);
    },
  );

  test('passProof accepted but the envelope does not open: altered data, exit 5, and it says the view is used', async () => {
    const kdf = newKdfParams(KDF_FLOOR);
    const envelope = Buffer.alloc(553, 1).toString('base64url');
    const rec = recordingFetch((method) =>
      method === 'GET' ? json(metaWith(kdf)) : json({ envelope, viewsLeft: 0, expiresAt: '2030-01-02T00:00:00.000Z' }),
    );
    const result = await open([link, '--passphrase-env', 'PW'], { fetch: rec.fetch, env: { PW: 'pw' } });
    expect(result).toMatchObject({ code: EXIT.badKey, stdout: '' });
    expect(result.stderr).toContain(
      'the server accepted the passphrase, but the secret or its parameters were altered',
    );
    expect(rec.calls).toEqual([`GET /api/v1/secrets/${ID}`, `POST /api/v1/secrets/${ID}/reveal`]);
  });
});
