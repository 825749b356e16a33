/** `zkpush push` in-process against the real server (startServer), plus canned failures. */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FetchLike } from '@zkpush/shared/api-client';
import { timeoutFetch } from '../../runtime/client.ts';
import { EXIT } from '../../runtime/exit-codes.ts';
import { runPush } from './push.ts';
import { fakeContext, recordingFetch, type FakeOptions } from '../../testing/context.ts';
import { LINK_PATTERN, ok, startTestServer, webOpen, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({ ZKPUSH_MAX_TEXT_BYTES: '4096', ZKPUSH_VIEWS_MAX: '10' });
});
afterAll(async () => {
  await srv.close();
});

async function push(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ env: { ZKPUSH_SERVER: srv.url }, ...options });
  const code = await runPush(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

describe('zkpush push', () => {
  test('prints only the link on stdout; the summary on stderr; the link opens the exact text', async () => {
    const result = await push(['demo text']);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toMatch(/\n$/);
    expect(result.stdout.trimEnd()).toMatch(LINK_PATTERN);
    expect(result.stdout.split('\n')).toHaveLength(2);
    expect(result.stderr).toBe(
      'Link opens once, expires in 1 day.\nOwner token not shown: stderr is not a terminal. Use --json to get it.\n',
    );
    expect(await webOpen(srv, result.stdout.trimEnd())).toBe('demo text');
  });

  test('stdin: one trailing newline removed; --keep-newline keeps it; "-" means stdin', async () => {
    const cases: [string[], string, string][] = [
      [[], 'hunter2\n', 'hunter2'],
      [['-'], 'hunter2\r\n', 'hunter2'],
      [[], 'two\n\n', 'two\n'],
      [['--keep-newline'], 'kept\n', 'kept\n'],
      [[], 'päss 🔑\ttab', 'päss 🔑\ttab'],
    ];
    for (const [args, stdin, text] of cases) {
      const result = await push(args, { stdin });
      expect(result.code).toBe(EXIT.ok);
      expect(await webOpen(srv, result.stdout.trimEnd())).toBe(text);
    }
  });

  test('stdin split across chunks, including inside a multi-byte character', async () => {
    const bytes = new TextEncoder().encode('🔑key');
    const result = await push([], { stdin: [bytes.subarray(0, 2), bytes.subarray(2)] });
    expect(await webOpen(srv, result.stdout.trimEnd())).toBe('🔑key');
  });

  test('--json prints link, id, ownerToken, expiresAt, views; the token expires the push', async () => {
    const result = await push(['--json', '--views', '3', '--expires', '2h', 'demo'], { stderrTTY: true });
    expect(result.code).toBe(EXIT.ok);
    const json: unknown = JSON.parse(result.stdout);
    expect(json).toEqual({
      link: expect.stringMatching(LINK_PATTERN),
      id: expect.any(String),
      ownerToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      views: 3,
    });
    const { id, ownerToken, link } = json as { id: string; ownerToken: string; link: string };
    expect(link).toContain(`/s/${id}#`);
    expect(result.stderr).not.toContain(ownerToken);
    const meta = ok(await srv.client.meta(id));
    expect(Date.parse(meta.expiresAt) - Date.parse(meta.createdAt)).toBe(2 * 3600 * 1000);
    expect(meta.viewsLeft).toBe(3);
    expect(ok(await srv.client.expire(id, ownerToken))).toBeNull();
  });

  test('the owner token and the argv tip go to stderr only on a terminal; never to stdout', async () => {
    const tty = await push(['demo'], { stderrTTY: true, stdoutTTY: true });
    const token = /^Owner token \(for zkpush delete and zkpush events; keep it private\): ([A-Za-z0-9_-]{43})$/m;
    expect(tty.stderr).toMatch(token);
    expect(tty.stdout).toMatch(/^\S+\n$/);
    expect(tty.stderr).toContain('Tip: pipe secrets on stdin');
    // The token works for events.
    const [, ownerToken = ''] = token.exec(tty.stderr) ?? [];
    const id = LINK_PATTERN.exec(tty.stdout.trimEnd())?.[1] ?? '';
    expect(ok(await srv.client.events(id, ownerToken)).events).toMatchObject([{ type: 'created' }]);

    const piped = await push(['demo']);
    expect(piped.stderr).toMatch(/^Owner token not shown: stderr is not a terminal\. Use --json to get it\.$/m);
    expect(piped.stderr).not.toMatch(/[A-Za-z0-9_-]{43}/);
    expect(await push(['--quiet', 'demo'], { stderrTTY: true })).toMatchObject({ code: 0, stderr: '' });
    expect(await push(['--quiet', 'demo'])).toMatchObject({ code: 0, stderr: '' });
  });

  test.each([
    [['--views', '0', 'x'], '--views must be between 1 and 10 on this server (got 0)'],
    [['--views', '11', 'x'], '--views must be between 1 and 10 on this server (got 11)'],
    [['--expires', '1m', 'x'], '--expires must be between 5 minutes and 90 days on this server (got 1 minute)'],
    [['--expires', '91d', 'x'], '--expires must be between 5 minutes and 90 days on this server (got 91 days)'],
  ])('%j is refused with the server range before anything is created', async (args, message) => {
    const rec = recordingFetch();
    expect(await push(args, { fetch: rec.fetch })).toMatchObject({ code: EXIT.usage, stderr: `zkpush: ${message}\n` });
    expect(rec.calls).toEqual(['GET /api/v1/config']);
  });

  test.each([
    [['--views', 'many'], '--views must be a whole number'],
    [['--expires', 'soon'], '--expires: "soon" is not a duration'],
    [['a', 'b'], 'push takes one argument, got 2'],
    [['--passphrase', '--passphrase-env', 'PW', 'x'], 'use only one of --passphrase'],
    [['--passphrase-file', '-'], '--passphrase-file - cannot read stdin: it holds the secret'],
    [['--server', 'https://h/path', 'x'], '--server must be an origin only'],
    [['--frobnicate'], "Unknown option '--frobnicate'"],
  ])('%j is a usage error without any request', async (args, message) => {
    const rec = recordingFetch();
    const result = await push(args, { fetch: rec.fetch });
    expect(result).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(result.stderr).toContain(message);
    expect(rec.calls).toEqual([]);
  });

  test.each([
    ['empty stdin', [], { stdin: '' }, 'nothing to push: stdin is empty'],
    ['only a newline', [], { stdin: '\n' }, 'nothing to push: stdin is empty'],
    ['an empty argument', [''], {}, 'nothing to push: the argument is empty'],
    [
      'binary stdin',
      [],
      { stdin: new Uint8Array([0x66, 0xff]) },
      'stdin is not UTF-8 text; only text secrets are supported',
    ],
    ['stdin over the cap', [], { stdin: 'x'.repeat(4097) }, 'stdin is larger than this server accepts (4096 bytes)'],
    [
      'text too large',
      ['x'.repeat(4000)],
      {},
      'the secret is too large: 4137 bytes encrypted, this server accepts 4096',
    ],
  ] as const)('%s is a usage error and creates nothing', async (_name, args, options, message) => {
    const rec = recordingFetch();
    const result = await push([...args], { ...options, fetch: rec.fetch });
    expect(result).toMatchObject({ code: EXIT.usage, stdout: '', stderr: `zkpush: ${message}\n` });
    expect(rec.calls).toEqual(['GET /api/v1/config']);
  });

  test('a terminal on stdin gets a prompt on stderr', async () => {
    const result = await push([], { stdinTTY: true, stdin: 'typed\n' });
    expect(result.stderr).toMatch(/^Type or paste the secret/);
    expect(await webOpen(srv, result.stdout.trimEnd())).toBe('typed');
  });

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

  test.each([
    [
      'server error',
      json(500, { error: { code: 'internal_error', message: 'boom' } }),
      EXIT.server,
      'server error (HTTP 500',
    ],
    [
      'rate limited',
      json(429, { error: { code: 'rate_limited', message: 'slow' } }, { 'retry-after': '7' }),
      EXIT.rateLimited,
      'wait 7 seconds',
    ],
    ['not JSON', new Response('<html>', { status: 502 }), EXIT.server, 'unexpected response'],
    ['wrong shape', json(201, { id: 'x' }), EXIT.server, 'unexpected response'],
  ])('create answered with %s → its exit code', async (_name, response, exit, message) => {
    const rec = recordingFetch((method) => (method === 'POST' ? response : undefined));
    const result = await push(['demo'], { fetch: rec.fetch });
    expect(result).toMatchObject({ code: exit, stdout: '' });
    expect(result.stderr).toContain(message);
  });

  test('an unreachable server is a network error (exit 7) naming the server', async () => {
    const refused: FetchLike = () =>
      Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error(), { code: 'ECONNREFUSED' }) }));
    const result = await push(['demo'], { fetch: timeoutFetch(1000, refused) });
    expect(result).toEqual({
      code: EXIT.network,
      stdout: '',
      stderr: `zkpush: cannot reach ${srv.url}: connection refused (is the server running?)\n`,
    });
  });
});
