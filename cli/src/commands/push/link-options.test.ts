/**
 * `zkpush push --lang` (issue 13 §1) and `--recipient` (issue 12 §5) against the real server: the
 * language lands in the printed link (and the link still opens), a malformed tag is a usage error
 * before any request; a recipient is refused with the server's own message where there is no
 * sign-in, and binds the push where there is.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiClient, type FetchLike } from '@zkpush/shared/api-client';
import { parseLink } from '@zkpush/shared/link';
import { keyProofFor } from '@zkpush/shared/push';
import { EXIT } from '../../runtime/exit-codes.ts';
import { fakeContext, recordingFetch, type FakeOptions } from '../../testing/context.ts';
import { ok, startTestServer, webOpen, type TestServer } from '../../testing/server.ts';
import { runPush } from './push.ts';

let plain: TestServer;
let signIn: TestServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-link-options-'));
  writeFileSync(join(dir, 'notes.txt'), 'file body');
  plain = await startTestServer();
  signIn = await startTestServer({ ZKPUSH_AUTH: 'trusted-header', ZKPUSH_TRUSTED_PROXIES: '127.0.0.1, ::1' });
});
afterAll(async () => {
  await plain.close();
  await signIn.close();
  rmSync(dir, { recursive: true, force: true });
});

async function push(srv: TestServer, args: string[], options: FakeOptions = {}) {
  const ctx = fakeContext({ cwd: dir, env: { ZKPUSH_SERVER: srv.url }, ...options });
  const code = await runPush(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

const LANG_LINK = /^http:\/\/127\.0\.0\.1:\d+\/([^/]+)\/s\/([A-Za-z0-9_-]{22})#[A-Za-z0-9_-]{43}$/;

describe('--lang', () => {
  test.each(['de', 'pt-BR', 'zh-Hant-TW'])(
    '--lang %s puts the tag before /s/ and the link still opens',
    async (tag) => {
      const result = await push(plain, ['--lang', tag, 'hallo']);
      expect(result.code).toBe(EXIT.ok);
      const link = result.stdout.trimEnd();
      expect(LANG_LINK.exec(link)?.[1]).toBe(tag);
      expect(parseLink(link)).toMatchObject({ kind: 'ok', lang: tag });
      expect(await webOpen(plain, link)).toBe('hallo');
    },
  );

  test('a file push gets the language too (--json link)', async () => {
    const result = await push(plain, ['--lang', 'fr', '--json', '-f', 'notes.txt']);
    expect(result.code).toBe(EXIT.ok);
    const json: unknown = JSON.parse(result.stdout);
    expect(json).toMatchObject({ link: expect.stringMatching(LANG_LINK) });
    expect(JSON.stringify(json)).toContain('/fr/s/');
  });

  test.each(['German', 'DE', 'd', 'de/x', 'de_DE', '', 'de-'])(
    '--lang %j is a usage error without any request',
    async (tag) => {
      const rec = recordingFetch();
      const result = await push(plain, ['--lang', tag, 'x'], { fetch: rec.fetch });
      expect(result).toMatchObject({
        code: EXIT.usage,
        stdout: '',
        stderr: `zkpush: --lang must be a language tag like de or pt-BR (got ${JSON.stringify(tag)})\n`,
      });
      expect(rec.calls).toEqual([]);
    },
  );
});

describe('--recipient', () => {
  test('a server whose config says no sign-in: refused before the secret is read (exit 2)', async () => {
    const rec = recordingFetch();
    const result = await push(plain, ['--recipient', 'alice@example.com'], { fetch: rec.fetch, stdin: 'x' });
    expect(result).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(result.stderr).toContain('this server has no sign-in');
    expect(rec.calls).toEqual(['GET /api/v1/config']);
    const files = await push(plain, ['--recipient', '@example.com', '-f', 'notes.txt'], { fetch: rec.fetch });
    expect(files).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(rec.calls).toEqual(['GET /api/v1/config', 'GET /api/v1/config']);
  });

  test("the server's own 400 is shown (a server too old to say whether it has sign-in)", async () => {
    const refusal = {
      error: { code: 'invalid_request', message: 'recipient needs sign-in, which this server does not offer' },
    };
    const rec = recordingFetch((method) =>
      method === 'POST'
        ? new Response(JSON.stringify(refusal), { status: 400, headers: { 'content-type': 'application/json' } })
        : undefined,
    );
    const result = await push(signIn, ['--recipient', 'alice@example.com', 'x'], { fetch: rec.fetch });
    expect(result).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(result.stderr).toContain('recipient needs sign-in, which this server does not offer');
  });

  test('a malformed recipient is refused with the server message; an empty one before any request', async () => {
    const bad = await push(signIn, ['--recipient', 'not an address', 'x']);
    expect(bad).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(bad.stderr).toContain('recipient must be an email address or @domain');
    const rec = recordingFetch();
    const empty = await push(signIn, ['--recipient', ' ', 'x'], { fetch: rec.fetch });
    expect(empty).toMatchObject({ code: EXIT.usage, stdout: '' });
    expect(empty.stderr).toContain('--recipient needs an email address');
    expect(rec.calls).toEqual([]);
  });

  test('with sign-in the push opens only for the named domain', async () => {
    const result = await push(signIn, ['--recipient', '@Example.com', '--lang', 'de', 'bound']);
    expect(result.code).toBe(EXIT.ok);
    const parsed = parseLink(result.stdout.trimEnd());
    if (parsed.kind !== 'ok') throw new Error(parsed.message);
    const keyProof = keyProofFor(parsed.linkKey);
    const anonymous = await signIn.client.reveal(parsed.id, { keyProof });
    expect(anonymous).toMatchObject({ kind: 'error', code: 'sign_in_required' });
    const as =
      (email: string): FetchLike =>
      (input, init) => {
        const headers = new Headers(init?.headers);
        headers.set('x-forwarded-user', email.split('@')[0] ?? email);
        headers.set('x-forwarded-email', email);
        headers.set('x-csrf-token', 'trusted-header');
        return fetch(input, { ...init, headers });
      };
    const outsider = createApiClient({ baseUrl: signIn.url, fetch: as('eve@elsewhere.org') });
    expect(await outsider.reveal(parsed.id, { keyProof })).toMatchObject({ kind: 'error', code: 'recipient_mismatch' });
    const insider = createApiClient({ baseUrl: signIn.url, fetch: as('alice@example.com') });
    expect(ok(await insider.reveal(parsed.id, { keyProof })).envelope).toEqual(expect.any(String));
  });
});
