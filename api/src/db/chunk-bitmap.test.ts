import { expect, test } from 'vitest';
import { emptyBitmap, hasBit, setRanges, withBit } from './chunk-bitmap.ts';

test('bits are least significant first and copies leave the original alone', () => {
  const empty = emptyBitmap(10);
  expect(empty).toHaveLength(2);
  const one = withBit(empty, 9, true);
  expect([...one]).toEqual([0, 2]);
  expect([...empty]).toEqual([0, 0]);
  expect(hasBit(one, 9)).toBe(true);
  expect(hasBit(withBit(one, 9, false), 9)).toBe(false);
  expect(() => withBit(empty, 16, true)).toThrow(RangeError);
});

test('set bits as half-open ranges', () => {
  let map = emptyBitmap(12);
  expect(setRanges(map, 12)).toEqual([]);
  for (const bit of [0, 1, 2, 5, 9, 10, 11]) map = withBit(map, bit, true);
  expect(setRanges(map, 12)).toEqual([
    [0, 3],
    [5, 6],
    [9, 12],
  ]);
});
