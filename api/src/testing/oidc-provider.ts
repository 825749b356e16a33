/**
 * A real OpenID Provider for tests: panva's oidc-provider (certified) in-process on a loopback port,
 * with one confidential client for zkpush, PKCE required, RP-initiated logout, and test accounts whose
 * claims (email, email_verified, groups) each test chooses. Its development login form accepts any
 * password for a known account. Only imported by tests (*.test.ts, and tests/e2e through the
 * `@zkpush/api/testing/oidc-provider` export).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export type TestAccount = Readonly<{
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: readonly string[];
}>;

export const TEST_CLIENT = Object.freeze({
  id: 'zkpush-test',
  secret: 'zkpush-test-secret-not-for-production',
  redirectUrl: 'http://localhost/auth/callback',
  postLogoutRedirect: 'http://localhost/',
});

export interface TestProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

export async function startTestProvider(
  accounts: Readonly<Record<string, TestAccount>>,
  /** Where zkpush runs: its callback and post-logout URLs (default: TEST_CLIENT's, for app.request). */
  client: Readonly<{ redirectUrl: string; postLogoutRedirect: string }> = TEST_CLIENT,
): Promise<TestProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [client.redirectUrl],
        post_logout_redirect_uris: [client.postLogoutRedirect],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    findAccount: (_ctx, id) => {
      const account = accounts[id];
      if (account === undefined) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, ...account, groups: account.groups ? [...account.groups] : [] }),
      };
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: ['zkpush-test-cookie-key'] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
