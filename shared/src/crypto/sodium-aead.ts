/**
 * libsodium's XChaCha20-Poly1305 (crypto_aead_xchacha20poly1305_ietf, libsodium-wrappers' ESM build:
 * the WebAssembly module is inline bytes in the script, compiled with WebAssembly.instantiate — no
 * fetch, no eval or new Function) as a ChunkAead. Loading it needs WebAssembly and, in a browser,
 * a CSP that allows compiling it ('wasm-unsafe-eval'): only the web app's sealing and opening workers
 * are served with one (api/src/http/spa/worker-csp.ts), and they fall back to NOBLE_AEAD when this
 * rejects (web/src/lib/workers/worker-aead.ts).
 */
import type { ChunkAead } from './chunk-aead.ts';

/** Resolves once libsodium is compiled and initialised; rejects where WebAssembly is missing or refused. */
export async function loadSodiumAead(): Promise<ChunkAead> {
  if (!('WebAssembly' in globalThis)) throw new Error('WebAssembly is not available');
  // Imported on demand, so a page or worker that never asks for it does not load 430 KB of script.
  const { default: sodium } = await import('libsodium-wrappers');
  await sodium.ready;
  return Object.freeze({
    name: 'libsodium',
    seal: (key, nonce, aad, plaintext) =>
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, aad, null, nonce, key),
    open: (key, nonce, aad, sealed) => {
      try {
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, aad, nonce, key);
      } catch {
        // libsodium throws "ciphertext cannot be decrypted using that key" (and on bad sizes).
        return undefined;
      }
    },
  } satisfies ChunkAead);
}
