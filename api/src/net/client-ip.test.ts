import { describe, expect, test } from 'vitest';
import { clientIp, parseTrustedProxy, trustedProxies, type TrustedProxy } from './client-ip.ts';

function trust(...entries: string[]) {
  return trustedProxies(entries.map((e) => parseTrustedProxy(e)).filter((p): p is TrustedProxy => p !== undefined));
}
const address = (peer: string | undefined, xff: string | undefined, trusted = trust()) =>
  clientIp(peer, xff, trusted)?.address;

describe('parseTrustedProxy', () => {
  test.each([
    ['10.0.0.1', 4, 32],
    ['10.0.0.0/8', 4, 8],
    ['2001:db8::/32', 6, 32],
    ['::1', 6, 128],
    ['::ffff:10.0.0.0/104', 4, 8],
  ])('%s', (text, version, prefix) => {
    expect(parseTrustedProxy(text)).toMatchObject({ ip: { version }, prefix });
  });

  test.each(['10.0.0.0/33', '::/129', '10.0.0.0/', '10.0.0.0/8/8', 'proxy.internal', '10.0.0.0/x'])(
    'rejects %s',
    (t) => {
      expect(parseTrustedProxy(t)).toBeUndefined();
    },
  );
});

describe('clientIp', () => {
  test('without trusted proxies the TCP peer is the client and X-Forwarded-For is ignored', () => {
    expect(address('198.51.100.7', '203.0.113.1')).toBe('198.51.100.7');
    expect(address('::ffff:198.51.100.7', undefined)).toBe('198.51.100.7');
    expect(address(undefined, '203.0.113.1')).toBeUndefined();
  });

  test('an untrusted peer cannot spoof through X-Forwarded-For', () => {
    expect(address('198.51.100.7', '203.0.113.1', trust('10.0.0.0/8'))).toBe('198.51.100.7');
  });

  test('a trusted peer: walk right to left, skip trusted hops, the first untrusted one is the client', () => {
    const trusted = trust('10.0.0.0/8', '2001:db8:ffff::/48');
    // The client wrote "1.1.1.1" itself (spoofing attempt); the proxies appended the rest.
    expect(address('10.0.0.2', '1.1.1.1, 203.0.113.50, 10.0.0.9', trusted)).toBe('203.0.113.50');
    expect(address('::ffff:10.0.0.2', '2001:db8:1::5', trusted)).toBe('2001:db8:1::5');
    expect(address('10.0.0.2', '2001:db8:ffff::1, 10.1.1.1', trust('10.0.0.0/8'))).toBe('2001:db8:ffff::1');
  });

  test('all hops trusted: the leftmost is the client', () => {
    expect(address('10.0.0.2', '10.9.9.9, 10.0.0.3', trust('10.0.0.0/8'))).toBe('10.9.9.9');
  });

  test('a malformed entry stops the walk at the last trusted hop', () => {
    const trusted = trust('10.0.0.0/8');
    expect(address('10.0.0.2', '203.0.113.5, unknown', trusted)).toBe('10.0.0.2');
    expect(address('10.0.0.2', '203.0.113.5, garbage, 10.0.0.3', trusted)).toBe('10.0.0.3');
    expect(address('10.0.0.2', '', trusted)).toBe('10.0.0.2');
  });

  test('entries with ports and brackets are understood', () => {
    const trusted = trust('10.0.0.0/8');
    expect(address('10.0.0.2', '203.0.113.5:4711', trusted)).toBe('203.0.113.5');
    expect(address('10.0.0.2', '[2001:db8::7]:443', trusted)).toBe('2001:db8::7');
    expect(address('10.0.0.2', '[2001:db8::7]', trusted)).toBe('2001:db8::7');
  });
});
