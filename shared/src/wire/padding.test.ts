import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorLog2, padmeLength } from './padding.ts';
import { padme } from './payload.ts';

describe('floorLog2', () => {
  it('is exact on both sides of every power of two up to 2^53', () => {
    for (let e = 1; e <= 53; e++) {
      expect(floorLog2(2 ** e)).toBe(e);
      expect(floorLog2(2 ** e - 1)).toBe(e - 1);
      if (e < 53) expect(floorLog2(2 ** e + 1)).toBe(e);
    }
    expect(floorLog2(1)).toBe(0);
  });
});

describe('padmeLength', () => {
  it('agrees with the u32 frame padme wherever both are defined (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (n) => padmeLength(n) === padme(n)));
  });

  it('goes on past 4 GiB: ≥ n, idempotent, overhead below 12% (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 2 ** 50 }), (n) => {
        const p = padmeLength(n);
        return p >= n && padmeLength(p) === p && (p - n) / n < 0.12;
      }),
    );
  });

  it('keeps powers of two and pads the next byte to the next step', () => {
    expect(padmeLength(2 ** 32)).toBe(2 ** 32);
    // E = 32, S = 6: steps of 2^26 (64 MiB) between 4 and 8 GiB.
    expect(padmeLength(2 ** 32 + 1)).toBe(2 ** 32 + 2 ** 26);
    expect(padmeLength(0)).toBe(0);
    expect(padmeLength(1)).toBe(1);
  });

  it('refuses what is not a safe byte count', () => {
    for (const bad of [-1, 1.5, Number.NaN, 2 ** 53, Number.POSITIVE_INFINITY]) {
      expect(() => padmeLength(bad)).toThrow(RangeError);
    }
  });
});
