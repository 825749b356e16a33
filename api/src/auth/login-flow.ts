/**
 * One sign-in, from "Sign in" to a session (issue 12 §1). `begin` stores the authorization request in
 * flight — the SHA-256 of its `state`, the PKCE verifier and the nonce — for ten minutes and returns the
 * provider's URL; `complete` takes that row (delete-and-return, so a replayed `state` finds nothing),
 * checks the state against the browser's sign-in cookie, lets openid-client redeem and verify, maps the
 * person to a role and starts a session. Every refusal is a tagged result; routes map them to
 * `oidc_callback_invalid` (400), `forbidden_by_policy` (403) or `sign_in_unavailable` (503).
 */
import * as oidc from 'openid-client';
import type { Clock } from '../clock.ts';
import type { AuthConfig, OidcSettings } from '../config/auth-config.ts';
import type { AuthRepo } from '../db/auth-repo.ts';
import type { OidcClient } from './oidc-client.ts';
import { decideRole, groupsFrom } from './role-mapping.ts';
import { newId, sameSecret, sha256Hex } from './secret-token.ts';
import type { Sessions } from './sessions.ts';
import { LOGIN_COOKIE_SECONDS } from './session-cookie.ts';

export type LoginStart = Readonly<{ redirect: URL; state: string }>;

export type LoginResult =
  | { kind: 'ok'; cookie: string; returnTo: string }
  | { kind: 'invalid'; message: string }
  | { kind: 'refused'; message: string }
  | { kind: 'unavailable'; message: string };

export interface LoginFlow {
  begin(returnTo: string | undefined): Promise<LoginStart>;
  complete(callbackUrl: URL, cookieState: string | undefined): Promise<LoginResult>;
}

/**
 * Only a path on this server: `/x`, never `//host` or `/\host` (which browsers read as another host),
 * so signing in cannot be turned into an open redirect.
 */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // Control characters (a CR or LF would split the Location header) are refused outright.
  if (value.length > 2048 || [...value].some((char) => char.charCodeAt(0) < 0x20 || char === '\x7f')) return '/';
  return value;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function createLoginFlow(deps: {
  repo: AuthRepo;
  clock: Clock;
  client: OidcClient;
  sessions: Sessions;
  oidcSettings: OidcSettings;
  config: Pick<AuthConfig, 'allowedDomains' | 'adminGroups' | 'memberGroups' | 'groupsClaim'>;
}): LoginFlow {
  const { repo, clock, client, sessions, config } = deps;

  return {
    async begin(returnTo) {
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const redirect = await client.authorizationUrl({ state, nonce, codeVerifier });
      await repo.insertLogin(sha256Hex(state), {
        codeVerifier,
        nonce,
        returnTo: safeReturnTo(returnTo),
        expiresAt: clock.now() + LOGIN_COOKIE_SECONDS * 1000,
      });
      return { redirect, state };
    },

    async complete(callbackUrl, cookieState) {
      const state = callbackUrl.searchParams.get('state');
      if (state === null || state === '') return { kind: 'invalid', message: 'the sign-in response has no state' };
      // Taken before anything else is checked, so a state is spent even by a callback that then fails.
      const login = await repo.takeLogin(sha256Hex(state));
      if (login === undefined || login.expiresAt <= clock.now()) {
        return { kind: 'invalid', message: 'this sign-in is unknown, already used or too old; sign in again' };
      }
      if (cookieState === undefined || !sameSecret(cookieState, state)) {
        return { kind: 'invalid', message: 'this sign-in was started in another browser; sign in again' };
      }
      const exchanged = await client.exchange(callbackUrl, {
        state,
        nonce: login.nonce,
        codeVerifier: login.codeVerifier,
      });
      if (exchanged.kind !== 'ok') return exchanged;
      const { claims } = exchanged;
      const email = text(claims['email']);
      const identity = {
        email,
        // Only an explicit `true` counts (OIDC Core §5.1): an address the provider did not verify proves nothing.
        emailVerified: email !== null && claims['email_verified'] === true,
        groups: groupsFrom(claims[config.groupsClaim]),
      };
      const decision = decideRole(identity, config);
      if (decision.kind === 'refused') return decision;
      const user = await repo.upsertUser({
        newId: newId(),
        issuer: deps.oidcSettings.issuer,
        subject: claims.sub,
        email,
        emailVerified: identity.emailVerified,
        name: text(claims['name']) ?? text(claims['preferred_username']),
        role: decision.role,
        now: clock.now(),
      });
      const cookie = await sessions.start(user.id, exchanged.idToken);
      return { kind: 'ok', cookie, returnTo: login.returnTo };
    },
  };
}
