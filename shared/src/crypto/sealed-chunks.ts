/**
 * A guard against nonce reuse in file uploads (docs/wire-format.md §12.3). A chunk's nonce is fixed by
 * its position (prefix ‖ index ‖ flag) and its key by its file, so sealing chunk j again — a resumed
 * pass re-reads the file from disk for the chunks the server does not hold, and their earlier bytes
 * may have reached it anyway — is harmless only if the plaintext is the same: XChaCha20-Poly1305 is
 * deterministic, so the same plaintext gives the same ciphertext. A file that changed in between
 * would put two ciphertexts of different plaintexts under one key and nonce on the server, which
 * leaks their XOR and the chunk's one-time Poly1305 key (so that chunk could be forged).
 *
 * So the uploader remembers each chunk's 16-byte tag the first time it is sealed and refuses a
 * re-seal whose tag differs — before it is sent. Equal plaintexts give equal tags; different ones
 * collide with negligible probability. Memory: 16 bytes (plus a map entry) per chunk, 1 MiB each.
 */
import { TAG_BYTES } from '../wire/wire-constants.ts';

export interface SealedChunks {
  /** True the first time, and again whenever `sealed` is what chunk (file, chunk) was sealed to before. */
  unchanged(file: number, chunk: number, sealed: Uint8Array): boolean;
}

export function createSealedChunks(): SealedChunks {
  const tags = new Map<string, Uint8Array>();
  return {
    unchanged(file, chunk, sealed) {
      const tag = sealed.subarray(Math.max(0, sealed.length - TAG_BYTES));
      const key = `${file}/${chunk}`;
      const before = tags.get(key);
      if (before === undefined) {
        tags.set(key, tag.slice());
        return true;
      }
      return before.length === tag.length && before.every((byte, i) => byte === tag[i]);
    },
  };
}
