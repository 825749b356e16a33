/**
 * `zkpush push` on a server that lets only signed-in people or API tokens create (issue 12 §3): the
 * token is created by a person (here through a trusted proxy's headers), then used, then revoked —
 * from the CLI's side, against the real server. The token never appears in anything the CLI prints.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../runtime/exit-codes.ts';
import { fakeContext } from '../../testing/context.ts';
import { LINK_PATTERN, startTestServer, webOpen, type TestServer } from '../../testing/server.ts';
import { runPush } from './push.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer({
    ZKPUSH_AUTH: 'trusted-header',
    ZKPUSH_TRUSTED_PROXIES: '127.0.0.1, ::1',
    ZKPUSH_CREATE_POLICY: 'signed-in-or-token',
  });
});
afterAll(async () => {
  await srv.close();
});

/** What the proxy sends for a signed-in person, with the CSRF header the web app adds. */
const PERSON = {
  'x-forwarded-user': 'ci-owner',
  'x-forwarded-email': 'ci@example.com',
  'x-csrf-token': 'trusted-header',
};

/** The two fields this test needs, checked by hand (the CLI package does not depend on valibot). */
function parseCreated(body: unknown): { token: string; info: { id: string } } {
  if (typeof body === 'object' && body !== null && 'token' in body && 'info' in body) {
    const { token, info } = body;
    if (typeof token === 'string' && typeof info === 'object' && info !== null && 'id' in info) {
      if (typeof info.id === 'string') return { token, info: { id: info.id } };
    }
  }
  throw new Error(`unexpected token response: ${JSON.stringify(body)}`);
}

async function push(args: string[], env: Record<string, string> = {}) {
  const ctx = fakeContext({ env: { ZKPUSH_SERVER: srv.url, ...env } });
  const code = await runPush(args, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

describe('zkpush push with an API token', () => {
  test('--token-file - cannot share stdin with the secret', async () => {
    const both = await push(['--token-file', '-']);
    expect(both.code).toBe(EXIT.usage);
    expect(both.stderr).toContain('--token-file -');
  });

  test('refused without a token, accepted with one, refused again once it is revoked', async () => {
    const anonymous = await push(['text']);
    expect(anonymous.code).toBe(EXIT.signInRequired);
    expect(anonymous.stderr).toContain('ZKPUSH_TOKEN');

    const res = await fetch(`${srv.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { ...PERSON, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ci', scopes: ['create'], expiresIn: 3600 }),
    });
    expect(res.status).toBe(201);
    const created: unknown = await res.json();
    const { token, info } = parseCreated(created);

    const pushed = await push(['text from CI'], { ZKPUSH_TOKEN: token });
    expect(pushed.code).toBe(EXIT.ok);
    expect(pushed.stdout.trimEnd()).toMatch(LINK_PATTERN);
    expect(await webOpen(srv, pushed.stdout.trimEnd())).toBe('text from CI');
    expect(pushed.stdout + pushed.stderr).not.toContain(token);

    const revoked = await fetch(`${srv.url}/api/v1/tokens/${info.id}`, { method: 'DELETE', headers: PERSON });
    expect(revoked.status).toBe(204);
    const after = await push(['again'], { ZKPUSH_TOKEN: token });
    expect(after.code).toBe(EXIT.signInRequired);
    expect(after.stderr).toContain('revoked');
    expect(after.stdout + after.stderr).not.toContain(token);
  });
});
