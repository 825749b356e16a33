import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BASE64URL_PATTERN, decodedLength, encodedLength, fromBase64url, toBase64url } from './base64url.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('base64url (RFC 4648 §5, unpadded)', () => {
  it.each([
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ])('RFC 4648 §10 vector %j', (plain, encoded) => {
    const b = new TextEncoder().encode(plain);
    expect(toBase64url(b)).toBe(encoded);
    expect(fromBase64url(encoded)).toEqual(b);
  });

  it('uses - and _ where standard base64 has + and /', () => {
    expect(toBase64url(bytes(0xfb, 0xff, 0xbf))).toBe('-_-_');
    expect(fromBase64url('-_-_')).toEqual(bytes(0xfb, 0xff, 0xbf));
  });

  it('round-trips and matches Node’s encoder (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const s = toBase64url(b);
        return (
          s === Buffer.from(b).toString('base64url') &&
          s.length === encodedLength(b.length) &&
          decodedLength(s.length) === b.length &&
          BASE64URL_PATTERN.test(s) &&
          Buffer.from(fromBase64url(s) ?? []).equals(Buffer.from(b))
        );
      }),
    );
  });

  it('accepts only the canonical encoding of each byte string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AQgw-_+/=. Zz09'), maxLength: 12 }), (s) => {
        const decoded = fromBase64url(s);
        return decoded === undefined || toBase64url(decoded) === s;
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['padding', 'Zg=='],
    ['single padding', 'Zm8='],
    ['standard alphabet +', 'a+b/'],
    ['standard alphabet /', 'ab/c'],
    ['whitespace', 'Zm9v Yg'],
    ['newline', 'Zm9v\nYg'],
    ['non-ASCII', 'Zm9vé'],
    ['length % 4 == 1', 'Zm9vY'],
    ['non-canonical trailing bits (2 chars)', 'Zh'],
    ['non-canonical trailing bits (3 chars)', 'Zm-'],
  ])('rejects %s', (_what, s) => {
    expect(fromBase64url(s)).toBeUndefined();
  });

  it('length helpers', () => {
    expect(encodedLength(16)).toBe(22);
    expect(encodedLength(32)).toBe(43);
    expect(decodedLength(43)).toBe(32);
    expect(decodedLength(22)).toBe(16);
    expect(decodedLength(5)).toBe(-1);
  });
});
