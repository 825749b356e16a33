/**
 * Wires sign-in together from the settings: the repo, sessions, tokens, the OpenID Connect client and
 * sign-in flow (oidc mode only), the principal middleware and what /api/v1/config says about it.
 * http/app.ts builds one per app; with ZKPUSH_AUTH=none nothing here runs on a request, so zkpush
 * behaves exactly as before.
 */
import type { MiddlewareHandler } from 'hono';
import type { AuthInfo } from '@zkpush/shared/auth-schemas';
import type { Clock } from '../clock.ts';
import type { AuthConfig } from '../config/auth-config.ts';
import type { AuthRepo } from '../db/auth-repo.ts';
import type { TrustedProxies } from '../net/client-ip.ts';
import { createLoginFlow, type LoginFlow } from './login-flow.ts';
import { createOidcClient, type OidcClient } from './oidc-client.ts';
import { resolvePrincipal } from './principal-middleware.ts';
import { cookieNames, type CookieNames } from './session-cookie.ts';
import { createSessions, type Sessions } from './sessions.ts';
import { createTokens, type Tokens } from './tokens.ts';

export const LOGIN_PATH = '/auth/login';
export const LOGOUT_PATH = '/auth/logout';

export interface Auth {
  readonly config: AuthConfig;
  readonly info: AuthInfo;
  readonly cookies: CookieNames;
  readonly sessions: Sessions;
  readonly tokens: Tokens;
  /** Present in oidc mode. */
  readonly oidc: Readonly<{ client: OidcClient; flow: LoginFlow }> | undefined;
  /** Undefined when sign-in is off (no middleware at all). */
  readonly middleware: MiddlewareHandler | undefined;
  /** Where the provider may send the browser after RP-initiated logout (the public origin's root). */
  readonly postLogoutRedirect: string | undefined;
}

export function createAuth(deps: {
  config: AuthConfig;
  repo: AuthRepo;
  clock: Clock;
  trustedProxies: TrustedProxies;
  /** Tests pass a client aimed at their in-process provider; otherwise built from the settings. */
  oidcClient?: OidcClient;
}): Auth {
  const { config, repo, clock } = deps;
  const cookies = cookieNames(config.secureCookies);
  const sessions = createSessions({ repo, clock, config });
  const tokens = createTokens({ repo, clock, maxExpirySeconds: config.tokenMaxExpirySeconds });
  const settings = config.oidc;
  const client = settings === undefined ? undefined : (deps.oidcClient ?? createOidcClient(settings));
  const oidc =
    settings === undefined || client === undefined
      ? undefined
      : {
          client,
          flow: createLoginFlow({ repo, clock, client, sessions, oidcSettings: settings, config }),
        };
  const middleware =
    config.mode === 'none'
      ? undefined
      : resolvePrincipal({ config, repo, clock, sessions, tokens, trustedProxies: deps.trustedProxies, cookies });
  return {
    config,
    cookies,
    sessions,
    tokens,
    oidc,
    middleware,
    postLogoutRedirect: settings === undefined ? undefined : new URL('/', settings.redirectUrl).href,
    info: authInfo(config),
  };
}

/** What GET /api/v1/config says about sign-in. */
export function authInfo(config: AuthConfig): AuthInfo {
  return {
    mode: config.mode,
    createPolicy: config.createPolicy,
    signInPath: config.mode === 'oidc' ? LOGIN_PATH : null,
    filesAdminsOnly: config.filesAdminsOnly,
    memberExpiryMax: config.memberExpiryMaxSeconds,
    tokenMaxExpiry: config.tokenMaxExpirySeconds,
  };
}
