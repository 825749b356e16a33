import { describe, expect, test } from 'vitest';
import { acceptedCodings, parseAcceptEncoding } from './content-encoding.ts';

describe('acceptedCodings', () => {
  test.each([
    [undefined, []],
    ['', []],
    ['identity', []],
    ['gzip', ['gzip']],
    ['br', ['br']],
    ['gzip, deflate, br, zstd', ['br', 'gzip']],
    ['gzip, br', ['br', 'gzip']],
    ['BR;Q=1, GZip', ['br', 'gzip']],
    ['br;q=0.5, gzip', ['gzip', 'br']],
    ['br;q=0, gzip', ['gzip']],
    ['br;q=0.000, gzip;q=0', []],
    ['gzip;q=0.001', ['gzip']],
    ['*', ['br', 'gzip']],
    ['*;q=0.5, br;q=0', ['gzip']],
    ['*;q=0', []],
    ['identity;q=0', []],
    ['x-gzip', ['gzip']],
    ['br;q=2', []],
    ['br;q=abc, gzip', ['gzip']],
    ['br, br;q=0', ['br']],
    [' br ; q = 0.8 ,, gzip ; q=0.9 ', ['gzip', 'br']],
  ])('%j → %j', (header, expected) => {
    expect(acceptedCodings(header)).toEqual(expected);
  });

  test('parses weights per coding, lower-cased, the first listing winning', () => {
    expect([...parseAcceptEncoding('GZIP;q=0.3, br, gzip;q=1, *;q=0')]).toEqual([
      ['gzip', 0.3],
      ['br', 1],
      ['*', 0],
    ]);
  });
});
