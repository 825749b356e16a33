/**
 * Who is the client? One rule, used by both the audit trail and rate limiting.
 *
 * The TCP peer is the client, unless the peer is one of ZKPUSH_TRUSTED_PROXIES. Only then is
 * `X-Forwarded-For` read, from right to left (the right end was appended by the hop closest to us):
 * trusted hops are skipped and the first untrusted address is the client. Everything left of it was
 * written by the client itself and is ignored — that is what makes the header unspoofable. If every
 * entry is trusted, the leftmost is the client; if an entry is not an IP address (garbage, `unknown`,
 * an obfuscated RFC 7239 token), the walk stops and the last trusted hop that handed it over counts as
 * the client, because nothing beyond a malformed entry can be believed.
 */
import { BlockList } from 'node:net';
import { parseIp, type Ip } from './ip-address.ts';

/** A parsed ZKPUSH_TRUSTED_PROXIES entry: one address, or a network in CIDR notation. */
export type TrustedProxy = Readonly<{ ip: Ip; prefix: number }>;

export type TrustedProxies = { has(ip: Ip): boolean; readonly empty: boolean };

export function trustedProxies(entries: readonly TrustedProxy[]): TrustedProxies {
  const list = new BlockList();
  for (const { ip, prefix } of entries) list.addSubnet(ip.address, prefix, ip.version === 4 ? 'ipv4' : 'ipv6');
  return {
    empty: entries.length === 0,
    has: (ip) => entries.length > 0 && list.check(ip.address, ip.version === 4 ? 'ipv4' : 'ipv6'),
  };
}

/** Parses "203.0.113.7", "10.0.0.0/8", "2001:db8::/32"; undefined if malformed or the prefix is out of range. */
export function parseTrustedProxy(text: string): TrustedProxy | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(address);
  if (ip === undefined) return undefined;
  const max = ip.version === 4 ? 32 : 128;
  if (prefixText === undefined) return { ip, prefix: max };
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  // An IPv4-mapped network (::ffff:10.0.0.0/104) becomes the IPv4 network it maps.
  const prefix = Number(prefixText) - (ip.version === 4 && address.includes(':') ? 96 : 0);
  return prefix >= 0 && prefix <= max ? { ip, prefix } : undefined;
}

/** One X-Forwarded-For entry: an address, optionally `[v6]:port` or `v4:port` as some proxies write it. */
function forwardedEntry(entry: string): Ip | undefined {
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed !== null) return parseIp(bracketed[1] ?? '');
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(text);
  return parseIp(v4WithPort?.[1] ?? text);
}

/**
 * The client address for a request, normalised (ip-address.ts). `peer` is the socket's remote address
 * (undefined if the socket is already gone), `forwardedFor` the X-Forwarded-For header (all field lines
 * joined with commas, as fetch's Headers.get does).
 */
export function clientIp(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trusted: TrustedProxies,
): Ip | undefined {
  const peerIp = peer === undefined ? undefined : parseIp(peer);
  if (peerIp === undefined || forwardedFor === undefined || !trusted.has(peerIp)) return peerIp;
  let client = peerIp;
  const hops = forwardedFor.split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = forwardedEntry(hops[i] ?? '');
    if (hop === undefined) return client;
    client = hop;
    if (!trusted.has(hop)) return hop;
  }
  return client;
}
