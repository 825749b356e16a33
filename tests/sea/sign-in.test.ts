/**
 * Sign-in in the single executable (issue 12, "Done when": the web app, the CLI and the single
 * executable): dist/zkpush started with ZKPUSH_AUTH=oidc against the real in-process OpenID Provider
 * (oidc-provider, api/src/testing/oidc-provider.ts) tells clients its policy in /api/v1/config,
 * completes the authorization-code flow over HTTP (redirects followed by hand, each hop's cookies
 * seen), and its own `push` creates with an API token where only signed-in people or tokens may; a
 * revoked token is refused with exit code 12. Nothing from the workspace in its environment.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiClient } from '@zkpush/shared/api-client';
import { CreateTokenResponse, Me } from '@zkpush/shared/auth-schemas';
import { parseLink } from '@zkpush/shared/link';
import { startTestProvider, TEST_CLIENT, type TestProvider } from '@zkpush/api/testing/oidc-provider';
import { signInOverHttp } from '@zkpush/api/testing/sign-in';
import { endAll } from 'zkpush/testing/spawn';
import { freePort } from '../support/server-process.ts';
import { revealText } from './flow.ts';
import { run, startServe, type Served } from './processes.ts';

const BUILT = fileURLToPath(new URL('../../dist/zkpush', import.meta.url));

let dir: string;
let env: Record<string, string>;
let provider: TestProvider | undefined;
let server: Served | undefined;
let origin: string;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('dist/zkpush is missing: run `pnpm build:sea` (`pnpm test:sea` does)');
  dir = mkdtempSync(join(tmpdir(), 'zkpush-sea-oidc-'));
  env = { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' };
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  provider = await startTestProvider(
    { alice: { email: 'alice@example.com', email_verified: true, name: 'Alice' } },
    { redirectUrl: `${origin}/auth/callback`, postLogoutRedirect: `${origin}/` },
  );
  server = await startServe(
    BUILT,
    ['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', join(dir, 'data')],
    {
      cwd: dir,
      env: {
        ...env,
        ZKPUSH_PUBLIC_URL: origin,
        ZKPUSH_AUTH: 'oidc',
        ZKPUSH_OIDC_ISSUER: provider.issuer,
        ZKPUSH_OIDC_CLIENT_ID: TEST_CLIENT.id,
        ZKPUSH_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
        ZKPUSH_CREATE_POLICY: 'signed-in-or-token',
      },
    },
  );
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  endAll(); // Also a server that never said it was listening.
  await provider?.close();
  rmSync(dir, { recursive: true, force: true });
});

const zkpush = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  run(BUILT, args, { cwd: dir, env: { ...env, ...options.env }, input: options.input ?? '' });

/** The signed-in person's cookie and CSRF token, for state-changing requests. */
let person: { cookie: string; 'x-csrf-token': string } | undefined;

async function me(cookie: string): Promise<Me> {
  return v.parse(Me, await (await fetch(`${origin}/api/v1/me`, { headers: { cookie } })).json());
}

describe('the single executable with OpenID Connect sign-in', () => {
  test('/api/v1/config tells clients the policy; anonymous creating is refused', async () => {
    expect(server?.logs.join('\n')).toContain('"msg":"sign-in enabled"');
    const config = await (await fetch(`${origin}/api/v1/config`)).json();
    expect(config).toMatchObject({
      auth: { mode: 'oidc', createPolicy: 'signed-in-or-token', signInPath: '/auth/login' },
    });
    const refused = await zkpush(['push', '--server', origin], { input: 'anonymous' });
    expect(refused.code).toBe(12);
    expect(refused.stderr).toContain('only signed-in people or API tokens');
  });

  test('the authorization-code flow over HTTP signs a person in', async () => {
    const { jar, callback } = await signInOverHttp(origin, 'alice', { returnTo: '/tokens' });
    expect(callback.status).toBe(303);
    expect(callback.headers.get('location')).toBe('/tokens');
    const session = callback.headers.getSetCookie().find((line) => line.startsWith('zkpush-session='));
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    const signedIn = await me(jar.header());
    if (signedIn.kind !== 'user' || signedIn.csrfToken === null) throw new Error('not signed in');
    expect(signedIn.user).toMatchObject({ email: 'alice@example.com', role: 'member' });
    person = { cookie: jar.header(), 'x-csrf-token': signedIn.csrfToken };
  });

  test('its own push works with an API token (variable and file); revoked, it is exit 12', async () => {
    if (person === undefined) throw new Error('the sign-in test runs first');
    const created = await fetch(`${origin}/api/v1/tokens`, {
      method: 'POST',
      headers: { ...person, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sea CI', scopes: ['create'], expiresIn: 86_400 }),
    });
    expect(created.status).toBe(201);
    const { token, info } = v.parse(CreateTokenResponse, await created.json());

    const pushed = await zkpush(['push', '--server', origin], {
      input: 'pushed with a token',
      env: { ZKPUSH_TOKEN: token },
    });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).not.toContain(token);
    const link = parseLink(pushed.stdout.trim());
    if (link.kind !== 'ok') throw new Error(link.message);
    const client = createApiClient({ baseUrl: origin });
    expect(await revealText(client, link.id, link.linkKey)).toBe('pushed with a token');

    writeFileSync(join(dir, 'token'), `${token}\n`, { mode: 0o600 });
    const fromFile = await zkpush(['push', '--server', origin, '--token-file', 'token'], { input: 'from a file' });
    expect(fromFile.code, fromFile.stderr).toBe(0);

    const revoked = await fetch(`${origin}/api/v1/tokens/${info.id}`, { method: 'DELETE', headers: person });
    expect(revoked.status).toBe(204);
    const refused = await zkpush(['push', '--server', origin, '--token-file', 'token'], { input: 'after revoke' });
    expect(refused.code).toBe(12);
    expect(refused.stderr).toContain('the API token was refused');
    expect(refused.stdout).toBe('');
    expect(server?.logs.join('\n')).not.toContain(token);
  });

  test('sign-out ends the session: the old cookie is anonymous', async () => {
    if (person === undefined) throw new Error('the sign-in test runs first');
    const out = await fetch(`${origin}/auth/logout`, { method: 'POST', headers: person });
    expect(out.status).toBe(200);
    expect(await me(person.cookie)).toEqual({ kind: 'anonymous' });
  });
});
