/**
 * The OpenID Connect relying party, on panva's openid-client (certified; no hand-written OAuth):
 * discovery, the authorization-code flow with PKCE (RFC 7636, S256), `state` and `nonce`, the ID
 * token's validation (issuer, audience, signature, expiry, nonce), userinfo, and RP-initiated logout
 * (OpenID Connect RP-Initiated Logout 1.0) when the provider advertises `end_session_endpoint`.
 *
 * Discovery runs on first use and is cached; a failure is not cached, so a provider that was down at
 * start-up is found once it is back. Plain-http issuers are accepted only on loopback addresses (tests,
 * a provider on the same host): anything else must be https.
 */
import * as oidc from 'openid-client';
import type { OidcSettings } from '../config/auth-config.ts';

export type OidcClaims = Readonly<Record<string, unknown>> & { sub: string };

export type OidcExchange =
  | { kind: 'ok'; claims: OidcClaims; idToken: string | null }
  | { kind: 'invalid'; message: string }
  | { kind: 'unavailable'; message: string };

export interface OidcClient {
  /** The provider's authorization URL for one sign-in. */
  authorizationUrl(p: { state: string; nonce: string; codeVerifier: string }): Promise<URL>;
  /** Checks the callback URL the browser came back with and redeems its code. */
  exchange(callbackUrl: URL, expected: { state: string; nonce: string; codeVerifier: string }): Promise<OidcExchange>;
  /** Where to send the browser to end the provider's session too; undefined when it offers no such endpoint. */
  endSessionUrl(p: { idToken: string | null; postLogoutRedirect: string }): Promise<URL | undefined>;
}

export class OidcUnavailableError extends Error {
  override readonly name = 'OidcUnavailableError';
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

function isLoopbackHttp(url: URL): boolean {
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname);
}

/** openid-client's refusals (bad state, bad ID token, an error answer) say why; network failures do not. */
function isProtocolError(err: unknown): boolean {
  return (
    err instanceof oidc.ClientError ||
    err instanceof oidc.AuthorizationResponseError ||
    err instanceof oidc.ResponseBodyError ||
    err instanceof oidc.WWWAuthenticateChallengeError
  );
}

export function createOidcClient(settings: OidcSettings): OidcClient {
  const issuer = new URL(settings.issuer);
  let discovered: Promise<oidc.Configuration> | undefined;

  function configuration(): Promise<oidc.Configuration> {
    discovered ??= oidc
      .discovery(
        issuer,
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret === undefined ? oidc.None() : oidc.ClientSecretBasic(settings.clientSecret),
        isLoopbackHttp(issuer) ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((err: unknown) => {
        discovered = undefined;
        const why = err instanceof Error ? err.message : 'discovery failed';
        throw new OidcUnavailableError(`the identity provider at ${issuer.href} could not be used: ${why}`);
      });
    return discovered;
  }

  return {
    async authorizationUrl({ state, nonce, codeVerifier }) {
      const config = await configuration();
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl,
        scope: settings.scopes.join(' '),
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
    },

    async exchange(callbackUrl, expected) {
      let config: oidc.Configuration;
      try {
        config = await configuration();
      } catch (err) {
        return { kind: 'unavailable', message: err instanceof Error ? err.message : 'provider unavailable' };
      }
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: expected.codeVerifier,
          expectedState: expected.state,
          expectedNonce: expected.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (idClaims === undefined) return { kind: 'invalid', message: 'the provider returned no ID token' };
        let claims: OidcClaims = { ...idClaims };
        // Many providers put email and groups only in userinfo when an access token is issued (OIDC Core §5.4).
        if (config.serverMetadata().userinfo_endpoint !== undefined) {
          const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub);
          claims = { ...userinfo, ...idClaims };
        }
        return { kind: 'ok', claims, idToken: tokens.id_token ?? null };
      } catch (err) {
        if (isProtocolError(err)) {
          return { kind: 'invalid', message: err instanceof Error ? err.message : 'sign-in response refused' };
        }
        return { kind: 'unavailable', message: err instanceof Error ? err.message : 'provider unavailable' };
      }
    },

    async endSessionUrl({ idToken, postLogoutRedirect }) {
      let config: oidc.Configuration;
      try {
        config = await configuration();
      } catch {
        return undefined; // signing out here must not depend on the provider being up
      }
      if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
      return oidc.buildEndSessionUrl(config, {
        post_logout_redirect_uri: postLogoutRedirect,
        client_id: settings.clientId,
        ...(idToken === null ? {} : { id_token_hint: idToken }),
      });
    },
  };
}
