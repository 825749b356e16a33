/**
 * File pushes through the real executable (`node cli/bin/zkpush.js`, spawned) against the real server:
 * push -f → the web app's code opens it, a web-made push → open -o, and Ctrl-C (a real SIGINT) in the
 * middle of an upload deletes the half-made push.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from './runtime/exit-codes.ts';
import { sha256 } from './testing/bytes.ts';
import { BIN, runBin, spawnChild } from './testing/spawn.ts';
import { LINK_PATTERN, startTestServer, type TestServer } from './testing/server.ts';
import { webOpenFiles, webPushFiles } from './testing/web-files.ts';

let srv: TestServer;
let dir: string;
beforeAll(async () => {
  srv = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'zkpush-files-e2e-'));
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

const zkpush = (args: string[], input?: string) =>
  runBin(args, { cwd: dir, env: { ZKPUSH_SERVER: srv.url }, ...(input === undefined ? {} : { input }) });
const blobDirs = (): string[] =>
  existsSync(join(srv.dataDir, 'blobs')) ? readdirSync(join(srv.dataDir, 'blobs')) : [];

describe('file pushes through the executable', { timeout: 120_000 }, () => {
  test('push -f opens with the web app’s code; a web push opens with open -o', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 99).map((_, i) => (i * 31) & 0xff);
    writeFileSync(join(dir, 'data.bin'), bytes);
    const pushed = await zkpush(['push', '-f', 'data.bin', '--message-file', '-'], 'a note\n');
    expect(pushed.code, pushed.stderr).toBe(EXIT.ok);
    const link = pushed.stdout.toString('utf8').trimEnd();
    expect(link).toMatch(LINK_PATTERN);
    expect(pushed.stderr).not.toContain(link.split('#')[1]!);
    const opened = await webOpenFiles(srv, link);
    expect(opened.message).toBe('a note');
    expect(opened.files.map((f) => [f.name, f.type, f.result.kind, sha256(f.bytes)])).toEqual([
      ['data.bin', '', 'ok', sha256(bytes)],
    ]);

    const web = await webPushFiles(srv, [{ name: 'from-web.bin', bytes }]);
    const saved = await zkpush(['open', '-', '-o', 'received'], web.link);
    expect(saved.code, saved.stderr).toBe(EXIT.ok);
    expect(sha256(readFileSync(join(dir, 'received', 'from-web.bin')))).toBe(sha256(bytes));
  });

  test('SIGINT during the upload expires the push: exit 130, no link, its chunks deleted', async () => {
    // Large enough that the upload is still running when the signal comes (sparse: no disk used here).
    writeFileSync(join(dir, 'large.bin'), '');
    truncateSync(join(dir, 'large.bin'), 512 * 1024 * 1024);
    const before = new Set(blobDirs());
    // spawnChild: ended by pid when this test finishes, however it finishes.
    const child = spawnChild(process.execPath, [BIN, 'push', '-f', 'large.bin'], {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '', ZKPUSH_SERVER: srv.url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    let ended = false;
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code) => {
        ended = true;
        resolve(code);
      }),
    );

    // The first stored chunk creates the push's blob directory: the upload is under way. (No event
    // tells this process; the loop ends when it appears or the push ends, and the test's timeout
    // bounds it.)
    let id: string | undefined;
    while (id === undefined) {
      if (ended) throw new Error(`push ended before its upload started: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      id = blobDirs().find((d) => !before.has(d));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(EXIT.interrupted);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'zkpush: cancelled (Ctrl-C) while uploading; the half-made push was deleted; nothing can be opened\n',
    );
    expect(existsSync(join(srv.dataDir, 'blobs', id))).toBe(false);
    expect(await srv.client.meta(id)).toMatchObject({ kind: 'error', code: 'gone', reason: 'deleted' });
  });
});
