/**
 * The part of libsodium.js's raw module (npm `libsodium`, the Emscripten build of libsodium; it ships
 * no types) that sodium-aead.ts calls. The C functions are libsodium's own
 * (crypto_aead_xchacha20poly1305_ietf_*, libsodium/src/libsodium/include/sodium/crypto_aead_xchacha20poly1305.h);
 * Emscripten passes each `unsigned long long` as two i32 halves (low, high).
 */
declare module 'libsodium' {
  export interface LibsodiumModule {
    /** The module's linear memory; replaced when the memory grows, so read it after every _malloc. */
    HEAPU8: Uint8Array;
    _malloc(size: number): number;
    _free(ptr: number): void;
    _sodium_init(): number;
    _crypto_aead_xchacha20poly1305_ietf_encrypt(
      c: number,
      clenP: number,
      m: number,
      mlenLow: number,
      mlenHigh: number,
      ad: number,
      adlenLow: number,
      adlenHigh: number,
      nsec: number,
      npub: number,
      k: number,
    ): number;
    _crypto_aead_xchacha20poly1305_ietf_decrypt(
      m: number,
      mlenP: number,
      nsec: number,
      c: number,
      clenLow: number,
      clenHigh: number,
      ad: number,
      adlenLow: number,
      adlenHigh: number,
      npub: number,
      k: number,
    ): number;
  }
  /** Emscripten's module factory; libsodium's randombytes draws from `getRandomValue`. */
  export default function createLibsodium(options: { getRandomValue: () => number }): Promise<LibsodiumModule>;
}
