import { describe, expect, test } from 'vitest';
import { allowedHosts, defaultAllowedHosts, isAllowedHost, parseAllowedHost } from './allowed-hosts.ts';

describe('parseAllowedHost', () => {
  test.each([
    ['push.example.org', { name: 'push.example.org', port: undefined }],
    ['Push.Example.ORG.', { name: 'push.example.org', port: undefined }],
    ['push.example.org:8443', { name: 'push.example.org', port: 8443 }],
    ['zkpush', { name: 'zkpush', port: undefined }],
    ['my_app:8080', { name: 'my_app', port: 8080 }],
    ['*', '*'],
  ])('%s', (text, parsed) => {
    expect(parseAllowedHost(text)).toEqual(parsed);
  });

  test.each(['', 'http://push.example.org', 'push.example.org:0', 'push.example.org:70000', 'a b', '10.0.0.1', '*.x'])(
    'refuses %j',
    (text) => {
      expect(parseAllowedHost(text)).toBeUndefined();
    },
  );
});

describe('isAllowedHost', () => {
  test('a listed container service name with an underscore is answered', () => {
    expect(isAllowedHost('my_app:8080', allowedHosts([{ name: 'my_app', port: undefined }]))).toBe(true);
  });

  const none = allowedHosts([]);
  const listed = allowedHosts([
    { name: 'push.example.org', port: undefined },
    { name: 'zkpush.lan', port: 8080 },
  ]);

  test.each(['127.0.0.1:8080', '127.0.0.1', '10.1.2.3:80', '[::1]:8080', '[::1]', 'localhost:8080', 'LOCALHOST'])(
    'IP addresses and localhost always: %s',
    (host) => {
      expect(isAllowedHost(host, none)).toBe(true);
      expect(isAllowedHost(host, listed)).toBe(true);
    },
  );

  test.each([
    ['push.example.org', true],
    ['push.example.org:443', true],
    ['PUSH.example.org.', true],
    ['zkpush.lan:8080', true],
    ['zkpush.lan:8081', false],
    ['zkpush.lan', false],
    ['evil.example:8080', false],
    ['push.example.org.evil.example', false],
    ['sub.localhost:8080', false],
    ['[fe80::zz]', false],
    ['', false],
  ])('listed names only: %s → %s', (host, allowed) => {
    expect(isAllowedHost(host, listed)).toBe(allowed);
  });

  test('* allows any host', () => {
    expect(isAllowedHost('evil.example:8080', allowedHosts(['*']))).toBe(true);
  });
});

describe('defaultAllowedHosts', () => {
  test('the public URL’s host name, at any port', () => {
    const hosts = defaultAllowedHosts('https://push.example.org:8443', '127.0.0.1');
    expect(hosts).toEqual({ any: false, hosts: [{ name: 'push.example.org', port: undefined }] });
  });

  test('the listen host when it is a name; addresses and localhost need no entry', () => {
    expect(defaultAllowedHosts(undefined, 'zkpush.internal').hosts).toEqual([
      { name: 'zkpush.internal', port: undefined },
    ]);
    expect(defaultAllowedHosts(undefined, '0.0.0.0').hosts).toEqual([]);
    expect(defaultAllowedHosts('http://[::1]:8080', 'localhost').hosts).toEqual([]);
  });
});
