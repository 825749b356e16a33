import { readFileSync } from 'node:fs';
import { hkdfSync } from 'node:crypto';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  aeadOpen,
  aeadSeal,
  deriveSubkeys,
  hkdfSha256,
  openEnvelope,
  proofHash,
  randomBytes,
  sealEnvelope,
} from './crypto.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ENVELOPE_OVERHEAD, INFO_ENC, INFO_KEY_PROOF, INFO_PASS_PROOF, NONCE_BYTES } from '../wire/wire-constants.ts';

const range = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 appendix A.3.1)', () => {
  const key = range(0x80, 0x9f);
  const nonce = range(0x40, 0x57);
  const aad = hexToBytes('50515253c0c1c2c3c4c5c6c7');
  const plaintext = utf8(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  );
  const ciphertext =
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39' +
    'ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
    '21f9664c97637da9768812f615c68b13b52e';
  const tag = 'c0875924c1c7987947deafd8780acf49';

  it('encrypts to the published ciphertext and tag', () => {
    expect(bytesToHex(aeadSeal(key, nonce, aad, plaintext))).toBe(ciphertext + tag);
  });

  it('decrypts the published ciphertext', () => {
    expect(aeadOpen(key, nonce, aad, hexToBytes(ciphertext + tag))).toEqual(plaintext);
  });

  it('rejects the published ciphertext under different AAD', () => {
    expect(aeadOpen(key, nonce, aad.subarray(1), hexToBytes(ciphertext + tag))).toBeUndefined();
  });
});

describe('HKDF-SHA256 (RFC 5869 appendix A)', () => {
  it('A.1 basic test case', () => {
    const okm = hkdfSha256(new Uint8Array(22).fill(0x0b), range(0x00, 0x0c), range(0xf0, 0xf9), 42);
    expect(bytesToHex(okm)).toBe(
      '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    );
  });

  it('A.2 longer inputs and outputs', () => {
    const okm = hkdfSha256(range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82);
    expect(bytesToHex(okm)).toBe(
      'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c' +
        '59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71' +
        'cc30c58179ec3e87c14c01d5c1f3434f1d87',
    );
  });

  it('A.3 zero-length salt and info', () => {
    const okm = hkdfSha256(new Uint8Array(22).fill(0x0b), new Uint8Array(0), new Uint8Array(0), 42);
    expect(bytesToHex(okm)).toBe(
      '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    );
  });
});

const WycheproofFile = v.object({
  source: v.string(),
  license: v.string(),
  tests: v.array(
    v.object({
      tcId: v.number(),
      comment: v.string(),
      flags: v.array(v.string()),
      key: v.string(),
      iv: v.string(),
      aad: v.string(),
      msg: v.string(),
      ct: v.string(),
      tag: v.string(),
      result: v.picklist(['valid', 'invalid']),
    }),
  ),
});

describe('Wycheproof XChaCha20-Poly1305 subset (../vectors/wycheproof-xchacha20poly1305.json)', () => {
  const file = v.parse(
    WycheproofFile,
    JSON.parse(readFileSync(new URL('../../vectors/wycheproof-xchacha20poly1305.json', import.meta.url), 'utf8')),
  );
  const invalid = file.tests.filter((t) => t.result === 'invalid');
  const valid = file.tests.filter((t) => t.result === 'valid');

  it('keeps its attribution and every invalid case', () => {
    expect(file.license).toMatch(/Apache/);
    expect(invalid).toHaveLength(69);
    expect(valid.length).toBeGreaterThanOrEqual(5);
  });

  it.each(invalid.map((t) => [t.tcId, t.comment, t] as const))('invalid tcId %i (%s) fails to open', (_id, _c, t) => {
    expect(aeadOpen(hexToBytes(t.key), hexToBytes(t.iv), hexToBytes(t.aad), hexToBytes(t.ct + t.tag))).toBeUndefined();
  });

  it('the correct tag of every ModifiedTag case does open (so the failures above are meaningful)', () => {
    for (const t of invalid.filter((x) => x.flags.includes('ModifiedTag'))) {
      const expected = /expected tag:([0-9a-f]{32})/.exec(t.comment)?.[1];
      expect(expected, `tcId ${t.tcId}`).toBeDefined();
      expect(aeadOpen(hexToBytes(t.key), hexToBytes(t.iv), hexToBytes(t.aad), hexToBytes(t.ct + expected!))).toEqual(
        hexToBytes(t.msg),
      );
    }
  });

  it.each(valid.map((t) => [t.tcId, t] as const))('valid tcId %i seals and opens', (_id, t) => {
    expect(bytesToHex(aeadSeal(hexToBytes(t.key), hexToBytes(t.iv), hexToBytes(t.aad), hexToBytes(t.msg)))).toBe(
      t.ct + t.tag,
    );
    expect(aeadOpen(hexToBytes(t.key), hexToBytes(t.iv), hexToBytes(t.aad), hexToBytes(t.ct + t.tag))).toEqual(
      hexToBytes(t.msg),
    );
  });
});

describe('randomBytes', () => {
  it.each([0, 1, 32, 65536, 65537, 200_001])('returns %i bytes', (n) => {
    expect(randomBytes(n)).toHaveLength(n);
  });

  it('fills every 64 KiB chunk (loops past the getRandomValues quota)', () => {
    const b = randomBytes(3 * 65536 + 5);
    for (let off = 0; off < b.length; off += 65536) {
      expect(b.subarray(off, off + 64).some((x) => x !== 0)).toBe(true);
    }
    expect(b.subarray(b.length - 5).some((x) => x !== 0)).toBe(true); // all-zero: p = 2^-40
  });

  it('does not repeat itself', () => {
    expect(bytesToHex(randomBytes(32))).not.toBe(bytesToHex(randomBytes(32)));
  });

  it.each([-1, 1.5, Number.NaN, Infinity])('rejects %s', (n) => {
    expect(() => randomBytes(n)).toThrow(RangeError);
  });
});

describe('deriveSubkeys', () => {
  const K = range(0, 31);
  const P = range(0x40, 0x5f);

  it('matches an independent HKDF (node:crypto) with empty salt and the v1 info strings', () => {
    const node = (ikm: Uint8Array, info: string) =>
      bytesToHex(new Uint8Array(hkdfSync('sha256', ikm, new Uint8Array(0), info, 32)));
    const ikm = new Uint8Array([...K, ...P]);
    const keys = deriveSubkeys(K, P);
    expect(bytesToHex(keys.encKey)).toBe(node(ikm, INFO_ENC));
    expect(bytesToHex(keys.keyProof)).toBe(node(K, INFO_KEY_PROOF));
    expect(bytesToHex(keys.passProof)).toBe(node(ikm, INFO_PASS_PROOF));
  });

  it('gives three distinct 32-byte keys', () => {
    const { encKey, keyProof, passProof } = deriveSubkeys(K);
    expect(new Set([bytesToHex(encKey), bytesToHex(keyProof), bytesToHex(passProof)]).size).toBe(3);
    for (const k of [encKey, keyProof, passProof]) expect(k).toHaveLength(32);
  });

  it('keyProof depends on K alone; encKey and passProof also depend on P', () => {
    const without = deriveSubkeys(K);
    const withP = deriveSubkeys(K, P);
    expect(withP.keyProof).toEqual(without.keyProof);
    expect(withP.encKey).not.toEqual(without.encKey);
    expect(withP.passProof).not.toEqual(without.passProof);
  });

  it('rejects keys of the wrong size', () => {
    expect(() => deriveSubkeys(new Uint8Array(31))).toThrow(RangeError);
    expect(() => deriveSubkeys(K, new Uint8Array(16))).toThrow(RangeError);
  });
});

describe('proofHash', () => {
  it('proofHash is SHA-256 (FIPS 180-4 "abc")', () => {
    expect(bytesToHex(proofHash(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('envelope', () => {
  const encKey = deriveSubkeys(range(0, 31)).encKey;
  const plaintext = utf8('sixteen byte msg');
  const envelope = sealEnvelope(encKey, plaintext);

  it('is version ‖ nonce ‖ ciphertext ‖ tag and opens', () => {
    expect(envelope[0]).toBe(1);
    expect(envelope).toHaveLength(ENVELOPE_OVERHEAD + plaintext.length);
    expect(openEnvelope(encKey, envelope)).toEqual({ kind: 'ok', plaintext });
  });

  it('authenticates the version byte as AAD', () => {
    const nonce = envelope.subarray(1, 1 + NONCE_BYTES);
    expect(aeadOpen(encKey, nonce, Uint8Array.of(1), envelope.subarray(1 + NONCE_BYTES))).toEqual(plaintext);
    expect(aeadOpen(encKey, nonce, new Uint8Array(0), envelope.subarray(1 + NONCE_BYTES))).toBeUndefined();
  });

  it('draws a fresh nonce every time', () => {
    const again = sealEnvelope(encKey, plaintext);
    expect(bytesToHex(again.subarray(1, 25))).not.toBe(bytesToHex(envelope.subarray(1, 25)));
  });

  it('uses the given nonce (test seam) deterministically', () => {
    const nonce = range(0x20, 0x37);
    const a = sealEnvelope(encKey, plaintext, nonce);
    expect(a.subarray(1, 25)).toEqual(nonce);
    expect(sealEnvelope(encKey, plaintext, nonce)).toEqual(a);
    expect(() => sealEnvelope(encKey, plaintext, new Uint8Array(12))).toThrow(RangeError);
  });

  it('fails on every single bit flip', () => {
    for (let i = 0; i < envelope.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = envelope.slice();
        bad[i]! ^= 1 << bit;
        const r = openEnvelope(encKey, bad);
        expect(r).toEqual(i === 0 ? { kind: 'unsupported_version', version: 1 ^ (1 << bit) } : { kind: 'auth_failed' });
      }
    }
  });

  it('fails on every truncation and on extension', () => {
    for (let n = 0; n < envelope.length; n++) {
      const r = openEnvelope(encKey, envelope.subarray(0, n));
      expect(r.kind).toBe(n < ENVELOPE_OVERHEAD ? 'malformed' : 'auth_failed');
    }
    expect(openEnvelope(encKey, new Uint8Array([...envelope, 0])).kind).toBe('auth_failed');
  });

  it('fails with a wrong key', () => {
    expect(openEnvelope(deriveSubkeys(range(1, 32)).encKey, envelope)).toEqual({ kind: 'auth_failed' });
  });

  it('reports a future version without trying to decrypt', () => {
    const v2 = envelope.slice();
    v2[0] = 2;
    expect(openEnvelope(encKey, v2)).toEqual({ kind: 'unsupported_version', version: 2 });
    expect(openEnvelope(encKey, Uint8Array.of(2))).toEqual({ kind: 'unsupported_version', version: 2 });
  });

  it('rejects a key of the wrong size as a programming error', () => {
    expect(() => sealEnvelope(new Uint8Array(16), plaintext)).toThrow(RangeError);
    expect(() => openEnvelope(new Uint8Array(16), envelope)).toThrow(RangeError);
  });
});
