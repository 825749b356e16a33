/**
 * The passphrase prompt on a real pseudo-terminal (util-linux `script`): /dev/tty opened as the
 * controlling terminal, raw mode so nothing typed is echoed, the mode restored afterwards (the secret
 * typed next is echoed again), and the prompt working while stdin is a pipe. The executable runs as a
 * user runs it, at the default Argon2id cost, against the real server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseLink } from '@zkpush/shared/link';
import { EXIT } from '../runtime/exit-codes.ts';
import { HAS_SCRIPT, runOnPty } from '../testing/pty.ts';
import { ok, startTestServer, type TestServer } from '../testing/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv.close();
});

const PASSPHRASE = 'correct horse battery';

describe.skipIf(!HAS_SCRIPT)('on a terminal (needs util-linux script)', { timeout: 60_000 }, () => {
  let link = '';

  test('push --passphrase: asked twice with no echo, then the secret is typed with echo back on', async () => {
    const result = await runOnPty(
      ['push', '--passphrase'],
      [
        { see: 'Passphrase for this push: ', type: `${PASSPHRASE}\r` },
        { see: 'Repeat the passphrase: ', type: `${PASSPHRASE}\r` },
        { see: 'Type or paste the secret', type: 'typed on a pty\r\u0004' },
      ],
      { env: { ZKPUSH_SERVER: srv.url } },
    );
    expect(result.code, result.screen).toBe(EXIT.ok);
    expect(result.screen).not.toContain(PASSPHRASE);
    expect(result.screen).toMatch(/^Passphrase for this push: \r\nRepeat the passphrase: \r\nType or paste/);
    // The terminal echoes again once the prompt is done: the secret typed after it is on screen.
    expect(result.screen).toContain('typed on a pty');
    expect(result.screen).toContain('Deriving the key from the passphrase (Argon2id)…');
    link = /http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]{22}#[\w-]{43}/.exec(result.screen)?.[0] ?? '';
    const parsed = parseLink(link);
    if (parsed.kind !== 'ok') throw new Error(`no link on screen:\n${result.screen}`);
    expect(ok(await srv.client.meta(parsed.id)).passphrase?.kdf).toMatchObject({ m: 65536, t: 2, p: 1 });
  });

  test('open - with the link piped in: asked on /dev/tty, a wrong passphrase asks again', async () => {
    const result = await runOnPty(
      ['open', '-'],
      [
        { see: 'Passphrase: ', type: 'nope-typed\r' },
        { see: 'Wrong passphrase. 4 attempts left: each wrong passphrase is counted by the server', type: '' },
        { see: 'Passphrase: ', type: `${PASSPHRASE}\r` },
      ],
      { stdinFrom: link },
    );
    expect(result.code, result.screen).toBe(EXIT.ok);
    expect(result.screen).toContain('typed on a pty');
    expect(result.screen).not.toContain('nope-typed');
    expect(result.screen).toMatch(
      /^This secret is locked with a passphrase\. 5 attempts left: [^\n]*\nPassphrase: \r\n/,
    );
    expect(result.screen).not.toContain(PASSPHRASE);
  });
});
