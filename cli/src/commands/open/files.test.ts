/**
 * `zkpush open -o DIR` for file pushes, in-process against the real server, with pushes made the way
 * the web app makes them (sealFiles + shared upload) and by `zkpush push -f`.
 */
import {
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
  closeSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import type { FetchLike } from '@zkpush/shared/api-client';
import { randomBytes } from '@zkpush/shared/crypto';
import { chunkOffset } from '@zkpush/shared/file-stream';
import { formatLink, parseLink } from '@zkpush/shared/link';
import { EXIT } from '../../runtime/exit-codes.ts';
import { runMeta } from '../meta/meta.ts';
import { runOpen } from './open.ts';
import { runPush } from '../push/push.ts';
import { pattern, sha256 } from '../../testing/bytes.ts';
import { fakeContext, type FakeOptions } from '../../testing/context.ts';
import { ok, startTestServer, type TestServer } from '../../testing/server.ts';
import { webPushFiles, type MemoryFile } from '../../testing/web-files.ts';

const MiB = 1024 * 1024;
let srv: TestServer;
let root: string;
let dir: string;

beforeAll(async () => {
  srv = await startTestServer();
  root = mkdtempSync(join(tmpdir(), 'zkpush-open-files-'));
});
afterAll(async () => {
  await srv.close();
  rmSync(root, { recursive: true, force: true });
});
let n = 0;
beforeEach(() => {
  // A fresh working directory per test; DIR ("out") inside it.
  dir = join(root, `t${n++}`);
  mkdirSync(dir);
});

async function run(command: typeof runOpen, args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ cwd: dir, env: { ZKPUSH_SERVER: srv.url }, ...options });
  const code = await command(args, ctx);
  return { code, stdout: ctx.stdoutText(), bytes: ctx.stdoutBytes(), stderr: ctx.stderrText() };
}
const open = (args: string[], options?: FakeOptions) => run(runOpen, args, options);

const idOf = (link: string): string => {
  const parsed = parseLink(link);
  if (parsed.kind !== 'ok') throw new Error(parsed.message);
  return parsed.id;
};
const viewsLeft = async (link: string) => ok(await srv.client.meta(idOf(link))).viewsLeft;
const listing = (path: string): string[] => readdirSync(path).sort();

describe('zkpush open, file pushes', () => {
  test('a web-made push: every file verified and saved under a safe name, only inside DIR', async () => {
    const files: MemoryFile[] = [
      { name: 'backup.tar', type: 'application/x-tar', bytes: pattern(2 * MiB + 1, 1) },
      { name: '../../../escape.txt', bytes: pattern(100, 2) },
      { name: '.bashrc', bytes: pattern(10, 3) },
      { name: 'empty', bytes: new Uint8Array(0) },
      { name: 'a/b\u0000c\u001b[31m', bytes: pattern(1, 4) },
      { name: 'backup.tar', bytes: pattern(5, 5) },
    ];
    const p = await webPushFiles(srv, files, { message: 'the files\nyou asked for \u001b[2J', views: 2 });
    const result = await open([p.link, '-o', 'out']);
    expect(result.code, result.stderr).toBe(EXIT.ok);
    expect(result.stdout).toBe('');
    const saved = ['backup.tar', '_.._.._escape.txt', 'bashrc', 'empty', 'a_b_c_[31m', 'backup (2).tar'];
    expect(listing(join(dir, 'out'))).toEqual([...saved].sort());
    // Nothing outside DIR, and DIR itself private.
    expect(listing(dir)).toEqual(['out']);
    expect(listing(root).filter((f) => !f.startsWith('t'))).toEqual([]);
    expect(statSync(join(dir, 'out')).mode & 0o777).toBe(0o700);
    saved.forEach((name, i) => {
      const path = join(dir, 'out', name);
      expect(sha256(readFileSync(path)), name).toBe(sha256(files[i]!.bytes));
      expect(statSync(path).mode & 0o777).toBe(0o600);
    });
    expect(result.stderr).toBe(
      [
        'Message from the sender:',
        '  the files',
        '  you asked for \\u001b[2J',
        'Saving 6 files to out:',
        '  backup.tar (2,097,153 bytes)',
        '  ../../../escape.txt → _.._.._escape.txt (100 bytes)',
        '  .bashrc → bashrc (10 bytes)',
        '  empty (0 bytes)',
        '  a/b\\u0000c\\u001b[31m → a_b_c_[31m (1 byte)',
        '  backup.tar → backup (2).tar (5 bytes)',
        '1 view left; expires in 1 day.',
        '',
      ].join('\n'),
    );
  });

  test('a CLI push with a passphrase opens in the CLI; existing names are kept unless --force', async () => {
    writeFileSync(join(dir, 'doc.txt'), 'document');
    const pushed = await run(runPush, ['-f', 'doc.txt', '--passphrase-env', 'PW', '--views', '3', '-q'], {
      env: { ZKPUSH_SERVER: srv.url, PW: 'sesame' },
    });
    expect(pushed.code, pushed.stderr).toBe(EXIT.ok);
    const link = pushed.stdout.trimEnd();
    const withPw = { env: { PW: 'sesame' } };
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'doc.txt'), 'older', { mode: 0o644 });
    const first = await open([link, '-o', 'out', '--passphrase-env', 'PW'], withPw);
    expect(first.code, first.stderr).toBe(EXIT.ok);
    expect(first.stderr).toContain('doc.txt exists in out: saved as doc (2).txt instead');
    expect(readFileSync(join(dir, 'out', 'doc.txt'), 'utf8')).toBe('older');
    expect(readFileSync(join(dir, 'out', 'doc (2).txt'), 'utf8')).toBe('document');

    const forced = await open([link, '-o', 'out', '--force', '--passphrase-env', 'PW', '-q'], withPw);
    expect(forced).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(readFileSync(join(dir, 'out', 'doc.txt'), 'utf8')).toBe('document');
    expect(statSync(join(dir, 'out', 'doc.txt')).mode & 0o777).toBe(0o600);
  });

  test('-o is checked against the metadata before any view is used', async () => {
    const two = await webPushFiles(srv, [
      { name: 'a', bytes: pattern(3, 1) },
      { name: 'b', bytes: pattern(3, 2) },
    ]);
    writeFileSync(join(dir, 'a-file'), 'x');
    for (const [args, message] of [
      [[], 'this push holds 2 files (1 KiB as stored): save them with -o DIR (no view was used)'],
      [['-o', '-'], '-o - writes a single file to stdout, and this push holds 2 files'],
      [['-o', 'a-file'], '-o a-file is not a directory'],
      [['-o', 'missing/parent'], 'cannot create the directory missing/parent (ENOENT); no view was used'],
    ] as const) {
      const result = await open([two.link, ...args]);
      expect(result, args.join(' ')).toMatchObject({ code: EXIT.usage, stdout: '' });
      expect(result.stderr).toContain(message);
    }
    expect(await viewsLeft(two.link)).toBe(1);
  });

  test('-o - writes a push of one file to stdout, byte for byte', async () => {
    const bytes = pattern(MiB + 17, 8);
    const p = await webPushFiles(srv, [{ name: 'one.bin', bytes }]);
    const result = await open([p.link, '-o', '-', '-q']);
    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    expect(sha256(result.bytes)).toBe(sha256(bytes));
  });

  test('a flipped byte in the stored blob: that file is reported damaged and not saved, the rest is', async () => {
    const files = [
      { name: 'tampered.bin', bytes: pattern(2 * MiB + 5000, 11) },
      { name: 'fine.txt', bytes: pattern(700, 12) },
    ];
    const p = await webPushFiles(srv, files, { views: 2 });
    // The server (or someone with its disk) changes one byte inside chunk 1 of file 0.
    const blob = join(srv.dataDir, 'blobs', p.id, '0');
    const fd = openSync(blob, 'r+');
    const at = chunkOffset(1) + 1234;
    const one = new Uint8Array(1);
    readSync(fd, one, 0, 1, at);
    one[0]! ^= 0x01;
    writeSync(fd, one, 0, 1, at);
    closeSync(fd);

    const result = await open([p.link, '-o', 'out']);
    expect(result.code).toBe(EXIT.badKey);
    expect(result.stderr).toContain(
      'zkpush: tampered.bin is damaged or was tampered with: a chunk did not verify (chunk 1); it was not saved; 1 of 2 files saved in out (this used a view)\n',
    );
    // No partial file under any name, hidden or not.
    expect(listing(join(dir, 'out'))).toEqual(['fine.txt']);
    expect(sha256(readFileSync(join(dir, 'out', 'fine.txt')))).toBe(sha256(files[1]!.bytes));

    // To stdout, the verified chunks before the damage were written: the exit status says to discard them.
    const single = await webPushFiles(srv, [files[0]!]);
    const singleBlob = join(srv.dataDir, 'blobs', single.id, '0');
    const fd2 = openSync(singleBlob, 'r+');
    writeSync(fd2, Uint8Array.of(0), 0, 1, chunkOffset(2));
    writeSync(fd2, Uint8Array.of(1), 0, 1, chunkOffset(2) + 1);
    closeSync(fd2);
    const toStdout = await open([single.link, '-o', '-']);
    expect(toStdout.code).toBe(EXIT.badKey);
    expect(toStdout.bytes.length).toBe(2 * MiB);
    expect(toStdout.stderr).toContain('what was written to stdout is incomplete and must not be used');
  });

  test('a push still uploading is not ready: exit 11, nothing used, for open and meta', async () => {
    const p = await webPushFiles(srv, [{ name: 'later.bin', bytes: pattern(10, 1) }], { upload: false });
    const opened = await open([p.link, '-o', 'out']);
    expect(opened).toMatchObject({
      code: EXIT.notReady,
      stderr:
        'zkpush: not ready: the sender is still uploading the files of this push; try again later (no view was used)\n',
    });
    expect(listing(dir)).toEqual([]);
    const meta = await run(runMeta, [p.id]);
    expect(meta.code).toBe(EXIT.notReady);
  });

  test('meta shows the number of files and their padded total', async () => {
    const p = await webPushFiles(srv, [
      { name: 'a', bytes: pattern(3000, 1) },
      { name: 'b', bytes: new Uint8Array(0) },
    ]);
    const meta = await run(runMeta, [p.id]);
    expect(meta.code).toBe(EXIT.ok);
    expect(meta.stdout).toContain('files      2 (3.5 KiB in all, padded: names and exact sizes are encrypted)\n');
    // Given as a link, with any key: metadata is public.
    const other = formatLink(srv.url, p.id, randomBytes(32));
    expect((await run(runMeta, [other])).stdout).toContain('files      2');
  });

  /** A fetch that calls `before` once, ahead of the first download request, then forwards everything. */
  function beforeFirstDownload(before: () => Promise<void> | void, fail?: () => Promise<Response>): FetchLike {
    let called = false;
    return async (input, init) => {
      if (/\/files\/\d+$/.test(new URL(input).pathname)) {
        if (!called) {
          called = true;
          await before();
        }
        if (fail) return fail();
      }
      return fetch(input, init);
    };
  }

  test(
    'gone, network and Ctrl-C during a download are told apart; no partial file is left',
    { timeout: 60_000 },
    async () => {
      const files = [{ name: 'f.bin', bytes: pattern(3 * MiB, 5) }];
      // Views left after this reveal, so the creator's delete ends it — and revokes the download at once.
      const deleted = await webPushFiles(srv, files, { views: 2 });
      const gone = await open([deleted.link, '-o', 'gone'], {
        fetch: beforeFirstDownload(async () => void ok(await srv.client.expire(deleted.id, deleted.ownerToken))),
      });
      expect(gone.code).toBe(EXIT.gone);
      expect(gone.stderr).toContain('zkpush: f.bin: gone: the push was deleted, or its files are no longer kept');

      const offline = await webPushFiles(srv, files);
      const network = await open([offline.link, '-o', 'offline'], {
        fetch: beforeFirstDownload(
          () => {},
          () => Promise.reject(new TypeError('fetch failed')),
        ),
      });
      expect(network.code).toBe(EXIT.network);
      expect(network.stderr).toContain('zkpush: f.bin: the connection to');
      expect(network.stderr).toContain('was lost while downloading');

      const interrupted = await webPushFiles(srv, files);
      const ctx = fakeContext({ cwd: dir, env: { ZKPUSH_SERVER: srv.url } });
      const fetchLike = beforeFirstDownload(() => void ctx.interrupt());
      const cancelled = await runOpen([interrupted.link, '-o', 'cancelled'], { ...ctx, fetch: fetchLike });
      expect(cancelled).toBe(EXIT.interrupted);
      expect(ctx.stderrText()).toContain('zkpush: f.bin: cancelled (Ctrl-C) while downloading; it was not saved');

      // Each output directory was made for the open and is empty again: no part file anywhere.
      for (const name of ['gone', 'offline', 'cancelled']) {
        expect(existsSync(join(dir, name)) ? listing(join(dir, name)) : [], name).toEqual([]);
      }
    },
  );
});
