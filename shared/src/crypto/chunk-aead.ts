/**
 * The AEAD a file chunk is sealed with, XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 §2, RFC 8439
 * §2.8), as something a caller can swap: `@noble/ciphers` (crypto.ts aeadSeal/aeadOpen) is the
 * reference and the default everywhere; the web app's sealing and opening workers use libsodium's
 * WebAssembly build (sodium-aead.ts) when it loads, because file chunks are where the cipher's speed
 * is felt (docs/performance.md "File crypto"). Both produce the same bytes: the frozen vectors and
 * sodium-aead.test.ts hold them to it.
 */
import { aeadOpen, aeadSeal } from './crypto.ts';

export type ChunkAead = {
  /** "noble" or "libsodium": which implementation this is, for benchmarks and diagnostics. */
  readonly name: 'noble' | 'libsodium';
  /** ciphertext ‖ 16-byte tag; throws on a key or nonce of the wrong size (a caller bug). */
  seal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** The plaintext, or undefined when the tag does not verify or a parameter has the wrong size. */
  open(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Uint8Array | undefined;
};

export const NOBLE_AEAD: ChunkAead = Object.freeze({ name: 'noble', seal: aeadSeal, open: aeadOpen });
