/**
 * libsodium's XChaCha20-Poly1305 (crypto_aead_xchacha20poly1305_ietf, the npm `libsodium` package:
 * libsodium compiled to WebAssembly by its maintainers, whose ESM build carries the module as inline
 * bytes and compiles them with WebAssembly.instantiate — no fetch, no eval, no new Function) as a
 * ChunkAead. Loading it needs WebAssembly and, in a browser, a CSP that allows compiling it
 * ('wasm-unsafe-eval'): only the web app's sealing and opening workers are served with one
 * (api/src/http/spa/worker-csp.ts), and they fall back to NOBLE_AEAD when this rejects
 * (web/src/lib/workers/worker-aead.ts).
 *
 * The raw module rather than libsodium-wrappers: the wrappers allocate, copy and free (without
 * zeroing) key, nonce, input and output on every call. Here one region of the module's memory holds
 * key ‖ nonce ‖ AAD ‖ data, the cipher runs in place (libsodium's AEADs allow c = m), and the region
 * is zeroed after every call, so no key or plaintext stays in the module's memory between chunks.
 */
// The package ships no types; the reference carries its declaration into every program that imports
// this module (the web app's type check does not include shared/src as a whole).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./libsodium-module.d.ts" />
import type { LibsodiumModule } from 'libsodium';
import type { ChunkAead } from './chunk-aead.ts';
import { NONCE_BYTES, SUBKEY_BYTES, TAG_BYTES } from '../wire/wire-constants.ts';

const HEADER = SUBKEY_BYTES + NONCE_BYTES;

/** Resolves once libsodium is compiled and initialised; rejects where WebAssembly is missing or refused. */
export async function loadSodiumAead(): Promise<ChunkAead> {
  if (!('WebAssembly' in globalThis)) throw new Error('WebAssembly is not available');
  // Imported on demand, so what never asks for it does not load its 300 KB of script.
  const { default: createLibsodium } = await import('libsodium');
  const lib = await createLibsodium({
    getRandomValue: () => globalThis.crypto.getRandomValues(new Uint32Array(1))[0]!,
  });
  if (lib._sodium_init() < 0) throw new Error('libsodium did not initialise');
  return sodiumAead(lib);
}

function sodiumAead(lib: LibsodiumModule): ChunkAead {
  let region = 0;
  let capacity = 0;

  /** A region of at least `bytes`: key at 0, nonce at SUBKEY_BYTES, then AAD and data. */
  const reserve = (bytes: number): number => {
    if (bytes > capacity) {
      if (region !== 0) lib._free(region);
      capacity = Math.max(bytes, capacity * 2);
      region = lib._malloc(capacity);
      if (region === 0) {
        capacity = 0;
        throw new RangeError(`libsodium could not allocate ${bytes} bytes`);
      }
    }
    return region;
  };

  /** Copies key, nonce, AAD and `data` in, runs `op` on it, and zeroes the region whatever happens. */
  const run = <T>(
    key: Uint8Array,
    nonce: Uint8Array,
    aad: Uint8Array,
    data: Uint8Array,
    room: number,
    op: (at: { key: number; nonce: number; aad: number; data: number }, heap: () => Uint8Array) => T,
  ): T => {
    const used = HEADER + aad.length + room;
    const base = reserve(used);
    const at = { key: base, nonce: base + SUBKEY_BYTES, aad: base + HEADER, data: base + HEADER + aad.length };
    try {
      const heap = lib.HEAPU8;
      heap.set(key, at.key);
      heap.set(nonce, at.nonce);
      heap.set(aad, at.aad);
      heap.set(data, at.data);
      return op(at, () => lib.HEAPU8);
    } finally {
      lib.HEAPU8.fill(0, base, base + used);
    }
  };

  return Object.freeze({
    name: 'libsodium',
    seal(key, nonce, aad, plaintext) {
      if (key.length !== SUBKEY_BYTES) throw new RangeError(`key must be ${SUBKEY_BYTES} bytes`);
      if (nonce.length !== NONCE_BYTES) throw new RangeError(`nonce must be ${NONCE_BYTES} bytes`);
      const n = plaintext.length;
      return run(key, nonce, aad, plaintext, n + TAG_BYTES, (at, heap) => {
        const status = lib._crypto_aead_xchacha20poly1305_ietf_encrypt(
          at.data,
          0,
          at.data,
          n,
          0,
          at.aad,
          aad.length,
          0,
          0,
          at.nonce,
          at.key,
        );
        if (status !== 0) throw new Error('libsodium refused to seal');
        return heap().slice(at.data, at.data + n + TAG_BYTES);
      });
    },
    open(key, nonce, aad, sealed) {
      if (key.length !== SUBKEY_BYTES || nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) return undefined;
      const n = sealed.length - TAG_BYTES;
      return run(key, nonce, aad, sealed, sealed.length, (at, heap) => {
        const status = lib._crypto_aead_xchacha20poly1305_ietf_decrypt(
          at.data,
          0,
          0,
          at.data,
          sealed.length,
          0,
          at.aad,
          aad.length,
          0,
          at.nonce,
          at.key,
        );
        // A forged chunk leaves nothing behind: libsodium writes no plaintext before the tag checks.
        return status === 0 ? heap().slice(at.data, at.data + n) : undefined;
      });
    },
  } satisfies ChunkAead);
}
