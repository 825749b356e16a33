import { describe, expect, it } from 'vitest';
import { exactBytes, formatBytes } from './byte-format.ts';

describe('formatBytes', () => {
  it('uses binary units with at most three significant digits', () => {
    expect([0, 1, 512, 1023, 1024, 1536, 40 * 1024 ** 2, 123.4 * 1024 ** 2, 4 * 1024 ** 3].map(formatBytes)).toEqual([
      '0 bytes',
      '1 byte',
      '512 bytes',
      '1023 bytes',
      '1 KiB',
      '1.5 KiB',
      '40 MiB',
      '123 MiB',
      '4 GiB',
    ]);
    expect(formatBytes(Number.NaN)).toBe('—');
  });

  it('spells exact sizes out', () => {
    expect(exactBytes(1_048_577)).toBe('1,048,577 bytes');
    expect(exactBytes(1)).toBe('1 byte');
  });
});
