/**
 * IP address normalisation for the audit trail and rate limiting: one spelling per address, so the same
 * client always gets the same bucket and the same audit entry.
 *
 * - IPv4-mapped IPv6 (`::ffff:203.0.113.9`, RFC 4291 §2.5.5.2) is the IPv4 address it maps: Node
 *   reports IPv4 peers that way on dual-stack sockets.
 * - IPv6 is written in RFC 5952 canonical form (lower case, longest zero run compressed) and loses any
 *   zone index (`%eth0`, RFC 6874), which is local to the host and says nothing about the client.
 * - Truncation keeps the network part only: IPv4 /24, IPv6 /48 (a typical site prefix, RFC 6177), and
 *   is written in CIDR notation ("203.0.113.0/24") so a stored value can never be mistaken for a full
 *   address, even after an operator switches ZKPUSH_IP_LOGGING.
 */
import { isIPv4, isIPv6 } from 'node:net';

type IpVersion = 4 | 6;
export type Ip = { version: IpVersion; address: string };

/** Parses and canonicalises an address; undefined for anything that is not a plain IPv4/IPv6 address. */
export function parseIp(text: string): Ip | undefined {
  const bare = text.trim().replace(/%[^%]*$/, '');
  if (isIPv4(bare)) return { version: 4, address: bare };
  if (!isIPv6(bare)) return undefined;
  const groups = ipv6Groups(bare);
  if (groups === undefined) return undefined;
  // ::ffff:0:0/96 — an IPv4 peer seen through an IPv6 socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return { version: 4, address: [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.') };
  }
  return { version: 6, address: formatIpv6(groups) };
}

/** The 8 16-bit groups of an address that `isIPv6` accepts (a dotted IPv4 tail included). */
export function ipv6Groups(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (dotted !== null) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.slice(1).map(Number);
    const hex = (hi: number, lo: number): string => ((hi << 8) | lo).toString(16);
    text = `${text.slice(0, dotted.index)}${hex(a, b)}:${hex(c, d)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string): number[] => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(halves[0] ?? '');
  const right = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** RFC 5952 §4: lower-case hex, no leading zeros, the longest run (≥ 2) of zero groups as `::`. */
export function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const before = hex.slice(0, bestStart).join(':');
  const after = hex.slice(bestStart + bestLength).join(':');
  return `${before}::${after}`;
}

const TRUNCATED_PREFIX: Readonly<Record<IpVersion, number>> = Object.freeze({ 4: 24, 6: 48 });

/** The network an address belongs to, as CIDR text: IPv4 /24 or IPv6 /48 by default. */
export function networkOf(ip: Ip, prefix = TRUNCATED_PREFIX[ip.version]): string {
  if (ip.version === 4) {
    const value = ip.address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
    const kept = prefix === 0 ? 0 : value - (value % 2 ** (32 - prefix));
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(kept / 2 ** shift) % 256);
    return `${octets.join('.')}/${prefix}`;
  }
  const groups = ipv6Groups(ip.address) ?? [];
  const masked = groups.map((g, i) => {
    const bits = Math.min(16, Math.max(0, prefix - i * 16));
    return bits === 0 ? 0 : g & (0xffff << (16 - bits)) & 0xffff;
  });
  return `${formatIpv6(masked)}/${prefix}`;
}
