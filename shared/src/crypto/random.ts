/**
 * CSPRNG bytes (crypto.ts re-exports them). Its own module so that kdf-params.ts, which the reveal
 * page's schemas import, does not pull the cipher and HKDF code into that page's first chunk: the page
 * loads them with the Reveal action (docs/performance.md "Light pages").
 */
import { randomBytes as nobleRandomBytes } from '@noble/ciphers/utils.js';

/** Web Crypto caps one getRandomValues call at 65536 bytes (W3C WebCrypto §10.1.1). */
const MAX_RANDOM_CHUNK = 65536;

/** CSPRNG bytes of any length: loops over the platform's 64 KiB-per-call limit. */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`randomBytes: ${n} is not a byte count`);
  const out = new Uint8Array(n);
  for (let off = 0; off < n; off += MAX_RANDOM_CHUNK) {
    out.set(nobleRandomBytes(Math.min(MAX_RANDOM_CHUNK, n - off)), off);
  }
  return out;
}
