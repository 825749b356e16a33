/**
 * An independent XChaCha20-Poly1305, built the way draft-irtf-cfrg-xchacha-03 §2.3 (and libsodium's
 * crypto_aead_xchacha20poly1305_ietf_*) defines it: HChaCha20 (§2.2) derives a subkey from the key
 * and the first 16 nonce bytes, then node:crypto's RFC 8439 ChaCha20-Poly1305 runs with the nonce
 * 0x00000000 ‖ nonce[16..24]. Used only by the interop test and the vector generator, to show that
 * docs/wire-format.md's construction — not just @noble/ciphers — opens every frozen envelope.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';

const SIGMA = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]; // "expand 32-byte k"

/** HChaCha20(key, nonce16) → 32-byte subkey: 20 ChaCha rounds, no feed-forward, words 0–3 and 12–15. */
export function hchacha20(key: Uint8Array, nonce16: Uint8Array): Uint8Array {
  if (key.length !== 32 || nonce16.length !== 16) throw new RangeError('hchacha20: key 32 bytes, nonce 16 bytes');
  const s = new Uint32Array(16);
  s.set(SIGMA);
  const k = new DataView(key.buffer, key.byteOffset, 32);
  const n = new DataView(nonce16.buffer, nonce16.byteOffset, 16);
  for (let i = 0; i < 8; i++) s[4 + i] = k.getUint32(4 * i, true);
  for (let i = 0; i < 4; i++) s[12 + i] = n.getUint32(4 * i, true);
  const rotl = (x: number, r: number) => (x << r) | (x >>> (32 - r));
  const qr = (a: number, b: number, c: number, d: number) => {
    s[a] = s[a]! + s[b]!;
    s[d] = rotl(s[d]! ^ s[a]!, 16);
    s[c] = s[c]! + s[d]!;
    s[b] = rotl(s[b]! ^ s[c]!, 12);
    s[a] = s[a]! + s[b]!;
    s[d] = rotl(s[d]! ^ s[a]!, 8);
    s[c] = s[c]! + s[d]!;
    s[b] = rotl(s[b]! ^ s[c]!, 7);
  };
  for (let round = 0; round < 10; round++) {
    qr(0, 4, 8, 12);
    qr(1, 5, 9, 13);
    qr(2, 6, 10, 14);
    qr(3, 7, 11, 15);
    qr(0, 5, 10, 15);
    qr(1, 6, 11, 12);
    qr(2, 7, 8, 13);
    qr(3, 4, 9, 14);
  }
  const out = new Uint8Array(32);
  const o = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) {
    o.setUint32(4 * i, s[i]!, true);
    o.setUint32(16 + 4 * i, s[12 + i]!, true);
  }
  return out;
}

/** The 12-byte ChaCha20-Poly1305 nonce XChaCha uses after HChaCha20: four zero bytes ‖ nonce[16..24]. */
export function innerNonce(nonce24: Uint8Array): Uint8Array {
  const n = new Uint8Array(12);
  n.set(nonce24.subarray(16, 24), 4);
  return n;
}

export function referenceSeal(
  key: Uint8Array,
  nonce24: Uint8Array,
  aad: Uint8Array,
  plaintext: Uint8Array,
): Uint8Array {
  const c = createCipheriv('chacha20-poly1305', hchacha20(key, nonce24.subarray(0, 16)), innerNonce(nonce24), {
    authTagLength: 16,
  });
  c.setAAD(aad, { plaintextLength: plaintext.length });
  const body = Buffer.concat([c.update(plaintext), c.final(), c.getAuthTag()]);
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

/** Returns the plaintext, or undefined if the tag does not verify. */
export function referenceOpen(
  key: Uint8Array,
  nonce24: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
): Uint8Array | undefined {
  if (sealed.length < 16) return undefined;
  const d = createDecipheriv('chacha20-poly1305', hchacha20(key, nonce24.subarray(0, 16)), innerNonce(nonce24), {
    authTagLength: 16,
  });
  d.setAAD(aad, { plaintextLength: sealed.length - 16 });
  d.setAuthTag(sealed.subarray(sealed.length - 16));
  const body = d.update(sealed.subarray(0, sealed.length - 16));
  try {
    const rest = d.final();
    const pt = Buffer.concat([body, rest]);
    return new Uint8Array(pt.buffer, pt.byteOffset, pt.byteLength);
  } catch {
    return undefined;
  }
}
