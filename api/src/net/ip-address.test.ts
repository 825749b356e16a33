import { describe, expect, test } from 'vitest';
import { formatIpv6, ipv6Groups, networkOf, parseIp } from './ip-address.ts';

describe('parseIp', () => {
  test.each([
    ['203.0.113.9', 4, '203.0.113.9'],
    ['::ffff:203.0.113.9', 4, '203.0.113.9'],
    ['::FFFF:cb00:7109', 4, '203.0.113.9'],
    ['2001:0DB8:0000:0000:0000:0000:0000:0001', 6, '2001:db8::1'],
    ['2001:db8:0:0:1:0:0:1', 6, '2001:db8::1:0:0:1'],
    ['2001:db8::1%eth0', 6, '2001:db8::1'],
    ['fe80::1%25', 6, 'fe80::1'],
    ['::1', 6, '::1'],
    ['::', 6, '::'],
    ['64:ff9b::192.0.2.33', 6, '64:ff9b::c000:221'],
    [' 198.51.100.1 ', 4, '198.51.100.1'],
  ])('%s → IPv%d %s', (text, version, address) => {
    expect(parseIp(text)).toEqual({ version, address });
  });

  test.each(['', 'unknown', '256.1.1.1', '01.2.3.4', '1.2.3', '1::2::3', '2001:db8::g', 'example.com', '1.2.3.4:80'])(
    'rejects %j',
    (text) => {
      expect(parseIp(text)).toBeUndefined();
    },
  );
});

describe('RFC 5952 formatting', () => {
  test('compresses the longest zero run, the first of equal runs, never a single group', () => {
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0x2001, 0xdb8, 0, 1, 1, 1, 1, 1])).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIpv6([0, 0, 0, 0, 0, 0, 0, 0])).toBe('::');
    expect(formatIpv6([1, 0, 0, 0, 0, 0, 0, 0])).toBe('1::');
  });

  test('ipv6Groups expands :: and dotted tails', () => {
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304]);
    expect(ipv6Groups('1:2:3:4:5:6:7:8')).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('networkOf (truncation)', () => {
  test('IPv4 keeps the /24', () => {
    expect(networkOf({ version: 4, address: '203.0.113.77' })).toBe('203.0.113.0/24');
    expect(networkOf({ version: 4, address: '10.1.2.3' }, 8)).toBe('10.0.0.0/8');
    expect(networkOf({ version: 4, address: '255.255.255.255' }, 32)).toBe('255.255.255.255/32');
  });

  test('IPv6 keeps the /48 (or any prefix), canonically written', () => {
    expect(networkOf({ version: 6, address: '2001:db8:85a3:8d3:1319:8a2e:370:7348' })).toBe('2001:db8:85a3::/48');
    expect(networkOf({ version: 6, address: '2001:db8:85a3:8d3:1319:8a2e:370:7348' }, 64)).toBe(
      '2001:db8:85a3:8d3::/64',
    );
    expect(networkOf({ version: 6, address: '2001:db8:85a3:ffff::1' }, 52)).toBe('2001:db8:85a3:f000::/52');
  });

  test('a mapped address is truncated as IPv4', () => {
    const ip = parseIp('::ffff:198.51.100.200');
    expect(ip && networkOf(ip)).toBe('198.51.100.0/24');
  });
});
