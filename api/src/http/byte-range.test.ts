import { expect, test } from 'vitest';
import { parseRange, resolveRange } from './byte-range.ts';

const resolve = (header: string | undefined, size = 1000) => resolveRange(parseRange(header), size);

test('no Range, or another unit: the whole blob', () => {
  expect(resolve(undefined)).toEqual({ kind: 'full', start: 0, end: 1000 });
  expect(resolve('items=0-5')).toEqual({ kind: 'full', start: 0, end: 1000 });
});

test('single byte ranges (RFC 9110 §14.1.2), the unit case-insensitive, end exclusive here', () => {
  expect(resolve('bytes=100-')).toEqual({ kind: 'partial', start: 100, end: 1000 });
  expect(resolve('Bytes=0-0')).toEqual({ kind: 'partial', start: 0, end: 1 });
  expect(resolve('bytes=990-5000')).toEqual({ kind: 'partial', start: 990, end: 1000 });
  expect(resolve('bytes=-10')).toEqual({ kind: 'partial', start: 990, end: 1000 });
  expect(resolve('bytes=-5000')).toEqual({ kind: 'partial', start: 0, end: 1000 });
  expect(resolve('bytes= 999-')).toEqual({ kind: 'partial', start: 999, end: 1000 });
});

test('unsatisfiable, malformed, several ranges, or too many digits', () => {
  for (const header of [
    'bytes=1000-',
    'bytes=5-4',
    'bytes=-0',
    'bytes=',
    'bytes',
    'bytes=x-',
    'bytes=1-2,4-5',
    'bytes=1234567890123456-',
    'bytes=-1-',
  ]) {
    expect(resolve(header)).toEqual({ kind: 'unsatisfiable' });
  }
});
