/**
 * The requesting client as the audit trail and the per-client limits (rate limiter, reserved upload
 * bytes) see it: its address (net/client-ip.ts: the TCP peer as accepted — net/connection-peer.ts —
 * or X-Forwarded-For from a trusted proxy), and what is recorded about it per ZKPUSH_IP_LOGGING.
 * Nothing here is ever logged to stdout (middleware/request-log.ts stays address-free).
 */
import { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import type { IpLogging } from '../config/config.ts';
import type { AuditContext } from '../domain/lifecycle/audit.ts';
import { clientIp, type TrustedProxies } from '../net/client-ip.ts';
import { acceptedPeer } from '../net/connection-peer.ts';
import { networkOf, type Ip } from '../net/ip-address.ts';

/** Longest user agent or referrer kept in an audit event (the shared AuditEvent schema's bound). */
const HEADER_CAP = 512;

export type ClientResolver = (c: Context) => Ip | undefined;

/**
 * The TCP peer: the address taken when the connection was accepted (net/connection-peer.ts), else the
 * socket's own (undefined outside @hono/node-server — app.request in tests — or once it is closed).
 */
export function peerAddress(c: Context): string | undefined {
  const env: unknown = c.env;
  const incoming = typeof env === 'object' && env !== null && 'incoming' in env ? env.incoming : undefined;
  const accepted = incoming instanceof IncomingMessage ? acceptedPeer(incoming.socket) : undefined;
  if (accepted !== undefined) return accepted;
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export function createClientResolver(trusted: TrustedProxies): ClientResolver {
  // Resolved once per request even though both the limiter and the audit trail ask.
  const cache = new WeakMap<Request, Ip | null>();
  return (c) => {
    const cached = cache.get(c.req.raw);
    if (cached !== undefined) return cached ?? undefined;
    const ip = clientIp(peerAddress(c), c.req.header('x-forwarded-for'), trusted);
    cache.set(c.req.raw, ip ?? null);
    return ip;
  };
}

/**
 * The key of every per-client limit: an IPv4 address, an IPv6 client by its /64 (one host usually
 * owns a whole /64, so counting its addresses apart would multiply its budget); requests without an
 * address share one key.
 */
export function clientKey(ip: Ip | undefined): string {
  if (ip === undefined) return 'unknown';
  return ip.version === 4 ? ip.address : networkOf(ip, 64);
}

function capped(value: string | undefined): string | null {
  if (value === undefined || value === '') return null;
  return value.length > HEADER_CAP ? value.slice(0, HEADER_CAP) : value;
}

/** What an audit event records about the request that caused it. */
export function auditContext(c: Context, ip: Ip | undefined, mode: IpLogging): AuditContext {
  let recorded: string | null = null;
  if (ip !== undefined && mode === 'full') recorded = ip.address;
  if (ip !== undefined && mode === 'truncated') recorded = networkOf(ip);
  return { ip: recorded, userAgent: capped(c.req.header('user-agent')), referrer: capped(c.req.header('referer')) };
}
