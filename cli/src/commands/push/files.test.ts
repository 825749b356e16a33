/** `zkpush push -f` in-process against the real server; what it makes is opened with the web app's code. */
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { FetchLike } from '@zkpush/shared/api-client';
import { paddedFileSize } from '@zkpush/shared/file-stream';
import { parseLink } from '@zkpush/shared/link';
import { EXIT } from '../../runtime/exit-codes.ts';
import { runOpen } from '../open/open.ts';
import { runPush } from './push.ts';
import { pattern, sha256 } from '../../testing/bytes.ts';
import { fakeContext, recordingFetch, type FakeOptions } from '../../testing/context.ts';
import { LINK_PATTERN, ok, startTestServer, type TestServer } from '../../testing/server.ts';
import { webOpenFiles } from '../../testing/web-files.ts';

const MiB = 1024 * 1024;
let srv: TestServer;
let dir: string;

const big = pattern(2 * MiB + 300_000, 7); // padded past 2 MiB: three chunks
const small = pattern(1000, 3);
beforeAll(async () => {
  srv = await startTestServer({ ZKPUSH_MAX_FILES: '4', ZKPUSH_MAX_FILE_BYTES: '3MiB' });
  dir = mkdtempSync(join(tmpdir(), 'zkpush-push-files-'));
  writeFileSync(join(dir, 'big.bin'), big);
  writeFileSync(join(dir, 'notes.txt'), small);
  writeFileSync(join(dir, 'empty'), '');
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function push(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ env: { ZKPUSH_SERVER: srv.url }, cwd: dir, ...options });
  const code = await runPush(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText(), ctx };
}

const idOf = (link: string): string => {
  const parsed = parseLink(link);
  if (parsed.kind !== 'ok') throw new Error(parsed.message);
  return parsed.id;
};

describe('zkpush push -f', () => {
  test('several files (one empty, one of three chunks) and a message open with the web app’s code', async () => {
    const result = await push([
      '-f',
      'big.bin',
      '--file',
      'empty',
      '-f',
      'notes.txt',
      '--message',
      'tonight’s backup',
      '--json',
      '--views',
      '2',
    ]);
    expect(result.code, result.stderr).toBe(EXIT.ok);
    const json = JSON.parse(result.stdout) as { link: string; id: string; files: unknown };
    expect(json).toEqual({
      link: expect.stringMatching(LINK_PATTERN),
      id: expect.any(String),
      ownerToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.any(String),
      views: 2,
      files: [
        { paddedSize: paddedFileSize(big.length) },
        { paddedSize: 512 },
        { paddedSize: paddedFileSize(small.length) },
      ],
    });
    expect(result.stdout.split('\n')).toHaveLength(2);
    expect(result.stderr).toBe('Link opens twice, expires in 1 day.\n3 files, 2.29 MiB (stored padded: 2.31 MiB).\n');
    // The server knows the padded sizes and nothing else.
    expect(ok(await srv.client.meta(json.id)).files).toEqual(json.files);

    const opened = await webOpenFiles(srv, json.link);
    expect(opened.message).toBe('tonight’s backup');
    expect(opened.files.map((f) => [f.name, f.type, f.result.kind, sha256(f.bytes)])).toEqual([
      ['big.bin', '', 'ok', sha256(big)],
      ['empty', '', 'ok', sha256(new Uint8Array(0))],
      ['notes.txt', 'text/plain', 'ok', sha256(small)],
    ]);

    // The second view with zkpush open -o.
    const ctx = fakeContext({ cwd: dir });
    expect(await runOpen([json.link, '-o', 'received'], ctx), ctx.stderrText()).toBe(EXIT.ok);
    expect(ctx.stderrText()).toContain('That was the last view');
    for (const [name, bytes] of [
      ['big.bin', big],
      ['empty', new Uint8Array(0)],
      ['notes.txt', small],
    ] as const) {
      expect(sha256(readFileSync(join(dir, 'received', name))), name).toBe(sha256(bytes));
    }
  });

  test('with a passphrase from the environment and the message from stdin', async () => {
    const result = await push(['-f', 'notes.txt', '--passphrase-env', 'PW', '--message-file', '-', '--quiet'], {
      env: { ZKPUSH_SERVER: srv.url, PW: 'correct horse' },
      stdin: 'from stdin\n',
    });
    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    const link = result.stdout.trimEnd();
    expect(ok(await srv.client.meta(idOf(link))).passphrase).not.toBeNull();
    const opened = await webOpenFiles(srv, link, 'correct horse');
    expect(opened.message).toBe('from stdin');
    expect(sha256(opened.files[0]!.bytes)).toBe(sha256(small));
  });

  test('limits and bad paths are refused before anything is created', async () => {
    const recorder = recordingFetch();
    const run = (args: string[]) => push(args, { fetch: recorder.fetch });
    writeFileSync(join(dir, 'too-big'), '');
    truncateSync(join(dir, 'too-big'), 3 * MiB + 1);
    const cases: [string[], string][] = [
      [['-f', 'too-big'], 'too-big is 3 MiB (3145729 bytes); this server accepts files up to 3 MiB'],
      [['-f', 'empty', '-f', 'empty', '-f', 'empty', '-f', 'empty', '-f', 'empty'], '5 files given'],
      [['-f', 'big.bin', '--views', '1000'], '--views must be between 1 and 100'],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(EXIT.usage);
      expect(result.stderr).toContain(message);
      expect(result.stdout).toBe('');
    }
    // Only the config was read: no push was created.
    expect(recorder.calls).toEqual(Array(cases.length).fill('GET /api/v1/config'));

    for (const [args, message] of [
      [['-f', 'missing'], '-f missing: no such file'],
      [['-f', '.'], '-f . is a directory'],
      [['-f', 'empty', 'text too'], 'push -f takes no text argument'],
      [['--message', 'x'], '--message and --message-file go with -f FILE'],
      [['-f', 'empty', '--message', 'a', '--message-file', 'b'], 'use only one of --message and --message-file'],
      [['-f', 'empty', '--message-file', '-', '--passphrase-file', '-'], 'it holds the message'],
    ] as const) {
      expect(await run([...args])).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining(message) });
    }
    expect(recorder.calls).toHaveLength(cases.length);
  });

  test('a server without file pushes is told apart', async () => {
    const off = await startTestServer({ ZKPUSH_FILES_ALLOWED: 'false' });
    try {
      const result = await push(['-f', 'empty'], { env: { ZKPUSH_SERVER: off.url } });
      expect(result).toMatchObject({
        code: EXIT.usage,
        stderr: expect.stringContaining('this server does not accept file pushes'),
      });
    } finally {
      await off.close();
    }
  });

  test('Ctrl-C during the upload expires the half-made push (exit 130) and prints no link', async () => {
    let id: string | undefined;
    let chunks = 0;
    const ctxRef: { interrupt?: () => boolean } = {};
    const fetchLike: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'POST' && new URL(input).pathname === '/api/v1/secrets') {
        id = ((await res.clone().json()) as { id: string }).id;
      }
      // The person presses Ctrl-C once the first chunk is stored.
      if (init?.method === 'PUT' && ++chunks === 1) ctxRef.interrupt?.();
      return res;
    };
    const ctx = fakeContext({ env: { ZKPUSH_SERVER: srv.url }, cwd: dir, fetch: fetchLike });
    ctxRef.interrupt = ctx.interrupt;
    const code = await runPush(['-f', 'big.bin'], ctx);
    expect(code).toBe(EXIT.interrupted);
    expect(ctx.stdoutText()).toBe('');
    expect(ctx.stderrText()).toBe(
      'zkpush: cancelled (Ctrl-C) while uploading; the half-made push was deleted; nothing can be opened\n',
    );
    if (id === undefined) throw new Error('no push was created');
    expect(await srv.client.meta(id)).toMatchObject({ kind: 'error', code: 'gone', reason: 'deleted' });
    expect(existsSync(join(srv.dataDir, 'blobs', id))).toBe(false);
    expect(ctx.interrupt()).toBe(false); // the handler is gone again
  });

  test('a refusal during the upload (disk full) ends it and expires the push', async () => {
    let id: string | undefined;
    const fetchLike: FetchLike = async (input, init) => {
      if (init?.method === 'PUT') {
        const body = { error: { code: 'insufficient_storage', message: 'the disk is full' } };
        return new Response(JSON.stringify(body), { status: 507, headers: { 'content-type': 'application/json' } });
      }
      const res = await fetch(input, init);
      if (init?.method === 'POST' && new URL(input).pathname === '/api/v1/secrets') {
        id = ((await res.clone().json()) as { id: string }).id;
      }
      return res;
    };
    const result = await push(['-f', 'notes.txt'], { fetch: fetchLike });
    expect(result).toMatchObject({
      code: EXIT.server,
      stdout: '',
      stderr:
        'zkpush: the server has no room for these files now: the disk is full; the half-made push was deleted; nothing can be opened\n',
    });
    expect(await srv.client.meta(id ?? '')).toMatchObject({ kind: 'error', code: 'gone' });
  });

  test('a file that shrinks after it was looked at fails the upload, naming it', async () => {
    writeFileSync(join(dir, 'shrinks.bin'), pattern(5000, 9));
    const fetchLike: FetchLike = async (input, init) => {
      const res = await fetch(input, init);
      if (init?.method === 'POST' && new URL(input).pathname === '/api/v1/secrets') {
        truncateSync(join(dir, 'shrinks.bin'), 10);
      }
      return res;
    };
    const result = await push(['-f', 'shrinks.bin'], { fetch: fetchLike });
    expect(result.code).toBe(EXIT.other);
    expect(result.stderr).toMatch(/^zkpush: cannot read shrinks\.bin while uploading: .*changed while reading/);
    expect(result.stderr).toContain('the half-made push was deleted');
  });

  test(
    'a connection that keeps dropping one chunk: the upload resumes, reopening the file there',
    { timeout: 60_000 },
    async () => {
      // Chunk 1 of big.bin fails more often than one request is retried, so the pass ends, the server
      // is asked what it holds, and a second pass reads the file again from byte 1 MiB.
      let drops = 0;
      const fetchLike: FetchLike = (input, init) => {
        if (init?.method === 'PUT' && new URL(input).pathname.endsWith('/files/0/chunks/1') && drops < 5) {
          drops++;
          return Promise.reject(new TypeError('fetch failed'));
        }
        return fetch(input, init);
      };
      const result = await push(['-f', 'big.bin', '-q'], { fetch: fetchLike });
      expect(result.code, result.stderr).toBe(EXIT.ok);
      expect(drops).toBe(5);
      const opened = await webOpenFiles(srv, result.stdout.trimEnd());
      expect(sha256(opened.files[0]!.bytes)).toBe(sha256(big));
    },
  );
});
