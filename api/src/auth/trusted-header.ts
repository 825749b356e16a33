/**
 * ZKPUSH_AUTH=trusted-header (issue 12 §1): an authenticating proxy in front of zkpush — oauth2-proxy,
 * Caddy `forward_auth` with Authelia or Authentik, Traefik ForwardAuth — signs people in and names them
 * in request headers. Anyone can *send* such headers, so they are believed only when the TCP peer (the
 * address the connection was accepted from, never X-Forwarded-For) is one of ZKPUSH_TRUSTED_PROXIES;
 * from any other peer a request carrying one is refused with 403 `identity_header_refused`, so a
 * misconfigured deployment fails loudly instead of quietly letting people claim to be someone else
 * (docs/self-hosting.md "Behind an authenticating proxy", the spoofing risk).
 */
import type { Context } from 'hono';
import type { AuthConfig } from '../config/auth-config.ts';
import { refusalError } from '../http/refusals.ts';
import { peerAddress } from '../http/client.ts';
import type { TrustedProxies } from '../net/client-ip.ts';
import { parseIp } from '../net/ip-address.ts';
import { groupsFrom } from './role-mapping.ts';

/** Longest header value taken as a user name, email or group list. */
const HEADER_CAP = 1024;

export type ProxyIdentity = Readonly<{ subject: string; email: string | null; groups: readonly string[] }>;

export type TrustedHeaderResult = { kind: 'none' } | { kind: 'identity'; identity: ProxyIdentity };

export function readTrustedHeaders(
  c: Context,
  headers: AuthConfig['trustedHeaders'],
  trusted: TrustedProxies,
): TrustedHeaderResult {
  const user = c.req.header(headers.user)?.trim();
  const email = c.req.header(headers.email)?.trim();
  const groups = c.req.header(headers.groups);
  if (user === undefined && email === undefined && groups === undefined) return { kind: 'none' };
  const peer = peerAddress(c);
  const peerIp = peer === undefined ? undefined : parseIp(peer);
  if (peerIp === undefined || !trusted.has(peerIp)) {
    throw refusalError({
      kind: 'identity_header_refused',
      message:
        'identity headers are accepted only from the authenticating proxy (ZKPUSH_TRUSTED_PROXIES); connect through it',
    });
  }
  const subject = user !== undefined && user !== '' ? user : email;
  if (subject === undefined || subject === '' || subject.length > HEADER_CAP || (email?.length ?? 0) > HEADER_CAP) {
    return { kind: 'none' };
  }
  return {
    kind: 'identity',
    identity: {
      subject,
      email: email === undefined || email === '' ? null : email,
      groups: groupsFrom((groups ?? '').slice(0, HEADER_CAP)),
    },
  };
}
