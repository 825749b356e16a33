/**
 * The sign-in e2e specs' common stack: the in-process OpenID Provider (oidc-provider on a loopback
 * port) with the given accounts, and a zkpush server process signing in through it. `stop` ends both —
 * the server by pid — and is what each spec's afterEach calls, so they end on success, failure and
 * timeout alike.
 */
import { startTestProvider, TEST_CLIENT, type TestAccount, type TestProvider } from '@zkpush/api/testing/oidc-provider';
import { freePort, startServerProcess, type ServerProcess } from '../../support/server-process.ts';

export interface SignInStack {
  readonly provider: TestProvider;
  readonly server: ServerProcess;
  /** zkpush's own origin, `http://127.0.0.1:<port>`. */
  readonly origin: string;
  /** The provider's issuer URL. */
  readonly issuer: string;
  stop(): Promise<void>;
}

/** A provider with `accounts` and a zkpush using it (ZKPUSH_AUTH=oidc); `env` adds or overrides settings. */
export async function startSignInStack(
  accounts: Readonly<Record<string, TestAccount>>,
  env: Readonly<Record<string, string>> = {},
): Promise<SignInStack> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const provider = await startTestProvider(accounts, {
    redirectUrl: `${origin}/auth/callback`,
    postLogoutRedirect: `${origin}/`,
  });
  let server: ServerProcess;
  try {
    server = await startServerProcess({
      port,
      env: {
        ZKPUSH_PUBLIC_URL: origin,
        ZKPUSH_AUTH: 'oidc',
        ZKPUSH_OIDC_ISSUER: provider.issuer,
        ZKPUSH_OIDC_CLIENT_ID: TEST_CLIENT.id,
        ZKPUSH_OIDC_CLIENT_SECRET: TEST_CLIENT.secret,
        ...env,
      },
    });
  } catch (error) {
    // The server never came up: the provider must not outlive the test either.
    await provider.close();
    throw error;
  }
  return {
    provider,
    server,
    origin,
    issuer: provider.issuer,
    async stop() {
      try {
        await server.stop();
      } finally {
        await provider.close();
      }
    },
  };
}
