/** `zkpush events` in-process against the real server. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '@zkpush/shared/api-client';
import { keyProofFor } from '@zkpush/shared/push';
import { parseLink } from '@zkpush/shared/link';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runEvents } from './events.ts';
import { EXIT } from '../../runtime/exit-codes.ts';
import { cannedFetch, fakeContext, type FakeOptions } from '../../testing/context.ts';
import { ok, startTestServer, webOpen, webPush, type TestServer } from '../../testing/server.ts';

let srv: TestServer;
let dir: string;
beforeAll(async () => {
  srv = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'zkpush-events-'));
});
afterAll(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

async function events(args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ cwd: dir, ...options });
  const code = await runEvents(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

/** A one-view push, opened once: created, viewed, expired_by_views. */
async function viewedPush() {
  const p = await webPush(srv, 'x');
  await webOpen(srv, p.link);
  return p;
}

describe('zkpush events', () => {
  test('a table on stdout: the state, then one row per event, oldest first', async () => {
    const p = await viewedPush();
    const result = await events([p.link], { env: { ZKPUSH_OWNER_TOKEN: p.ownerToken } });
    expect(result).toMatchObject({ code: EXIT.ok, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([`id         ${p.id}`, 'state      viewed', 'views left 0 of 1']);
    expect(lines[4]).toMatch(/^expires {4}\S+Z$/);
    expect(lines[6]).toMatch(/^TIME {22}EVENT {13}IP {12}REFERRER {2}USER AGENT$/);
    expect(lines.slice(7, 10)).toEqual([
      expect.stringMatching(/^\S+Z {2}created {11}127\.0\.0\.0\/24 {2}- {9}node$/),
      expect.stringMatching(/^\S+Z {2}viewed {12}127\.0\.0\.0\/24 {2}- {9}node$/),
      expect.stringMatching(/^\S+Z {2}expired_by_views {2}- {13}- {9}-$/),
    ]);
    expect(lines.slice(10)).toEqual(['']);
    // Reading the trail records nothing.
    expect(ok(await srv.client.events(p.id, p.ownerToken)).events).toHaveLength(3);
  });

  test('--json: one object with the push state and every event, as the API serves them', async () => {
    const p = await webPush(srv, 'x', { views: 3 });
    const result = await events(['--json', p.id, '-s', srv.url], { env: { ZKPUSH_OWNER_TOKEN: p.ownerToken } });
    expect(result.code, result.stderr).toBe(EXIT.ok);
    const { nextCursor, ...page } = ok(await srv.client.events(p.id, p.ownerToken));
    expect(nextCursor).toBeNull();
    expect(JSON.parse(result.stdout)).toEqual(page);
    expect(page).toMatchObject({ state: 'active', viewsLeft: 3, events: [{ type: 'created' }] });
  });

  test('an active push shows when it expires; a bare id uses ZKPUSH_SERVER', async () => {
    const p = await webPush(srv, 'x');
    const result = await events([p.id], { env: { ZKPUSH_SERVER: srv.url, ZKPUSH_OWNER_TOKEN: p.ownerToken } });
    expect(result.stdout).toMatch(/^state {6}active$/m);
    expect(result.stdout).toMatch(/^expires {4}\S+ \(in 1 day\)$/m);
  });

  test('the token from --owner-token-file (trailing newline ignored) or stdin with "-"', async () => {
    const p = await webPush(srv, 'x');
    writeFileSync(join(dir, 'token'), `${p.ownerToken}\n`, { mode: 0o600 });
    // The file wins over the variable (here someone else's token).
    const other = await webPush(srv, 'y');
    const fromFile = await events([p.link, '--owner-token-file', 'token'], {
      env: { ZKPUSH_OWNER_TOKEN: other.ownerToken },
    });
    expect(fromFile).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining(p.id) });
    const fromStdin = await events([p.link, '--owner-token-file', '-'], { stdin: `${p.ownerToken}\n` });
    expect(fromStdin).toMatchObject({ code: EXIT.ok, stdout: expect.stringContaining(p.id) });
  });

  test('follows nextCursor over every page', async () => {
    // Over 200 events would take 200 requests; instead page size 2 (fetchTrail's own test) and, here,
    // a push whose trail the command reads in one page, checked against a page-by-page read.
    const p = await webPush(srv, 'x', { views: 5 });
    const { id, linkKey } = parseLink(p.link) as { id: string; linkKey: Uint8Array };
    for (let i = 0; i < 3; i++) await srv.client.reveal(id, { keyProof: 'A'.repeat(43) });
    ok(await srv.client.reveal(id, { keyProof: keyProofFor(linkKey) }));
    const paths: string[] = [];
    const result = await events(['--json', p.link], {
      env: { ZKPUSH_OWNER_TOKEN: p.ownerToken },
      fetch: (input, init) => (paths.push(new URL(input).search), fetch(input, init)),
    });
    const json = JSON.parse(result.stdout) as { events: { type: string }[] };
    expect(json.events.map((e) => e.type)).toEqual(['created', 'failed_key', 'failed_key', 'failed_key', 'viewed']);
    expect(paths).toEqual(['?limit=200']);
  });

  test('owner token: wrong (10, not echoed), malformed (10, no request), missing (2)', async () => {
    const p = await webPush(srv, 'x');
    const other = await webPush(srv, 'y');
    const wrong = await events([p.link], { env: { ZKPUSH_OWNER_TOKEN: other.ownerToken } });
    expect(wrong).toMatchObject({
      code: EXIT.unauthorized,
      stdout: '',
      stderr: expect.stringContaining('wrong owner token'),
    });
    expect(wrong.stderr).not.toContain(other.ownerToken);
    const noRequest = () => Promise.reject(new Error('no request expected'));
    expect(await events([p.link], { env: { ZKPUSH_OWNER_TOKEN: 'short' }, fetch: noRequest })).toEqual({
      code: EXIT.unauthorized,
      stdout: '',
      stderr: 'zkpush: the owner token must be 43 base64url characters\n',
    });
    expect(await events([p.link], { fetch: noRequest })).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('set ZKPUSH_OWNER_TOKEN or use --owner-token-file'),
    });
    const missingFile = await events([p.link, '--owner-token-file', 'nope'], { fetch: noRequest });
    expect(missingFile).toMatchObject({
      code: EXIT.usage,
      stderr: 'zkpush: --owner-token-file: cannot read nope (ENOENT)\n',
    });
    const both = await events([p.link, '--owner-token-file', 'token', '--owner-token', p.ownerToken]);
    expect(both).toMatchObject({ code: EXIT.usage, stderr: expect.stringContaining('not both') });
  });

  test('not found (3), unreachable (7), rate limited (9), a server that does not understand (8)', async () => {
    const token = (await webPush(srv, 'x')).ownerToken;
    const env = { ZKPUSH_OWNER_TOKEN: token };
    expect(await events(['AAAAAAAAAAAAAAAAAAAAAA', '-s', srv.url], { env })).toMatchObject({
      code: EXIT.notFound,
      stderr: expect.stringMatching(/^zkpush: not found/),
    });
    // One id in 64 starts with "-": still an id, not an unknown option.
    expect((await events(['-bcdefghijklmnopqrstuA', '-s', srv.url], { env })).code).toBe(EXIT.notFound);
    const down = await events(['AAAAAAAAAAAAAAAAAAAAAA', '-s', 'http://127.0.0.1:9'], { env });
    expect(down).toMatchObject({ code: EXIT.network, stderr: expect.stringMatching(/^zkpush: cannot reach/) });
    const limited = cannedFetch(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '7' });
    expect(await events(['AAAAAAAAAAAAAAAAAAAAAA'], { env, fetch: limited })).toMatchObject({
      code: EXIT.rateLimited,
      stderr: expect.stringContaining('wait 7 seconds'),
    });
    expect((await events(['AAAAAAAAAAAAAAAAAAAAAA'], { env, fetch: cannedFetch(200, { id: 1 }) })).code).toBe(
      EXIT.server,
    );
  });

  test('usage errors name the problem without echoing the link', async () => {
    expect(await events([])).toMatchObject({
      code: EXIT.usage,
      stderr: expect.stringContaining('needs a link or an id'),
    });
    expect((await events(['a', 'b'])).code).toBe(EXIT.usage);
    const bad = await events(['https://h/x#AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8']);
    expect(bad).toMatchObject({ code: EXIT.usage, stderr: 'zkpush: the link path must be /s/<id>\n' });
    expect((await events(['--help'])).stdout).toContain('Usage: zkpush events ');
  });

  test('user agents that carry terminal controls are printed inert', async () => {
    // HTTP lets 0x80–0xFF through; Node reads them as Latin-1, so 0x9B arrives as U+009B (CSI).
    const sneaky = createApiClient({
      baseUrl: srv.url,
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          headers: { ...Object.fromEntries(new Headers(init?.headers)), 'user-agent': 'ua\u009b2J' },
        }),
    });
    const p = await webPush({ ...srv, client: sneaky }, 'x');
    const table = await events([p.link], { env: { ZKPUSH_OWNER_TOKEN: p.ownerToken } });
    expect(table.stdout).toContain('ua\\u009b2J');
    expect(table.stdout).not.toContain('\u009b');
    const json = await events(['--json', p.link], { env: { ZKPUSH_OWNER_TOKEN: p.ownerToken } });
    expect(json.stdout).not.toContain('\u009b');
    expect(JSON.parse(json.stdout)).toMatchObject({ events: [{ userAgent: 'ua\u009b2J' }] });
  });
});
