import { describe, expect, it } from 'vitest';
import { checkTextSize } from '@zkpush/shared/push';
import {
  envelopeBytesForSize,
  hasWideCharacters,
  maxSecretSize,
  nearLimit,
  secretSize,
  typedCharacters,
  utf8Length,
} from './text-limit.ts';

describe('utf8Length', () => {
  it('matches TextEncoder, including lone surrogates', () => {
    const enc = new TextEncoder();
    for (const s of ['', 'hunter2', 'café', '日本語', 'a😀b', '\ud800', 'x\udc00y', '\ud83d']) {
      expect(utf8Length(s)).toBe(enc.encode(s).length);
    }
  });
});

describe('secretSize', () => {
  it('counts like the JSON inside the envelope', () => {
    expect(secretSize('hunter2')).toBe(7);
    expect(secretSize('a\nb')).toBe(4);
    expect(secretSize('"q"')).toBe(5);
    expect(secretSize('é')).toBe(2);
    expect(secretSize('😀')).toBe(4);
    expect(hasWideCharacters('plain ascii 123')).toBe(false);
    expect(hasWideCharacters('naïve')).toBe(true);
  });
});

describe('maxSecretSize', () => {
  // A stand-in envelope: 41 bytes of overhead, 4 bytes of framing, padded to multiples of 64.
  const fake = (n: number): number => 41 + Math.ceil((n + 4) / 64) * 64;

  it('finds the largest size that fits', () => {
    const max = maxSecretSize(1000, fake);
    expect(fake(max)).toBeLessThanOrEqual(1000);
    expect(fake(max + 1)).toBeGreaterThan(1000);
    expect(maxSecretSize(41 + 128, fake)).toBe(124);
    expect(maxSecretSize(50, fake)).toBe(0);
  });

  it('agrees with the real envelope size check at the limit, for any kind of text', () => {
    for (const maxEnvelopeBytes of [600, 4096, 65_536, 1_048_576]) {
      const max = maxSecretSize(maxEnvelopeBytes);
      expect(envelopeBytesForSize(max)).toBeLessThanOrEqual(maxEnvelopeBytes);
      expect(envelopeBytesForSize(max + 1)).toBeGreaterThan(maxEnvelopeBytes);
      // A text exactly at the limit made of wide characters and escapes fits; one more does not.
      const wide = 'é\n'.repeat(Math.floor(max / 4)) + 'a'.repeat(max % 4);
      expect(secretSize(wide)).toBe(max);
      expect(checkTextSize(wide, maxEnvelopeBytes).kind).toBe('ok');
      expect(checkTextSize(wide + 'a', maxEnvelopeBytes).kind).toBe('too_large');
    }
  });
});

describe('the counter (issue 13 §4.9)', () => {
  it('counts characters as typed, an emoji or a line break as one', () => {
    expect(typedCharacters('a\nb"é🔑')).toBe(6);
    expect(typedCharacters('')).toBe(0);
  });

  it("switches to the limit's measure only near the limit", () => {
    expect(nearLimit(13, 1_032_157)).toBe(false);
    expect(nearLimit(900, 1000)).toBe(true);
    expect(nearLimit(1001, 1000)).toBe(true);
  });
});
