/**
 * STREAM encryption of one file (docs/wire-format.md §12.3): Hoang, Reyhanitabar, Rogaway and Vizár,
 * "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance" (CRYPTO 2015), §7, with
 * XChaCha20-Poly1305 as the AEAD, the way age (age-encryption.org/v1, "payload") uses it:
 *
 *   padded  = file bytes ‖ 0x00 × (paddedSize − size),  paddedSize = max(512, Padmé(size))
 *   chunk_i = padded[i·C, min((i+1)·C, paddedSize)),    C = FILE_CHUNK_BYTES, n = ⌈paddedSize / C⌉
 *   nonce_i = prefix (19 bytes) ‖ u32be(i) ‖ (i = n − 1 ? 0x01 : 0x00)
 *   blob    = ‖_i XChaCha20-Poly1305(fileKey, nonce_i, chunk_i, AAD = 0x01)
 *
 * The counter in the nonce makes reordering and duplication fail, the last-chunk flag makes truncation
 * at a chunk boundary fail, and the per-file key (crypto.ts deriveFileKey) makes splicing chunks from
 * another file or push fail. Chunks are independent, so they can be sealed on several cores.
 */
import { aeadOpen, aeadSeal } from './crypto.ts';
import { padmeLength } from '../wire/padding.ts';
import {
  CHUNK_COUNTER_BYTES,
  CHUNK_FLAG_LAST,
  CHUNK_FLAG_MORE,
  FILE_CHUNK_BYTES,
  FILE_NONCE_PREFIX_BYTES,
  MIN_FILE_BUCKET,
  NONCE_BYTES,
  SUBKEY_BYTES,
  TAG_BYTES,
  WIRE_VERSION,
} from '../wire/wire-constants.ts';

/** Chunk counters are u32 (the nonce has 4 bytes for them). */
const MAX_CHUNKS = 0xffff_ffff;
const AAD = Uint8Array.of(WIRE_VERSION);

/** What the server stores for a file, all derivable from the padded size it is told at create. */
export type BlobLayout = {
  /** Padded plaintext bytes: what the server learns about the file's size. */
  paddedSize: number;
  chunks: number;
  /** Stored ciphertext bytes: paddedSize + 16 per chunk. */
  blobBytes: number;
};

/** max(MIN_FILE_BUCKET, Padmé(size)): a file's size class, the only size the server sees. */
export function paddedFileSize(size: number): number {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad file size ${size}`);
  return Math.max(MIN_FILE_BUCKET, padmeLength(size));
}

function layoutOf(paddedSize: number): BlobLayout {
  const chunks = Math.ceil(paddedSize / FILE_CHUNK_BYTES);
  return { paddedSize, chunks, blobBytes: paddedSize + chunks * TAG_BYTES };
}

/** The layout of a file of exactly `size` bytes (the sender's view). */
export function fileLayout(size: number): BlobLayout & { size: number } {
  return { size, ...layoutOf(paddedFileSize(size)) };
}

/**
 * The layout for a padded size a client declared (the server's view), or undefined when the number
 * cannot be a padded size — not a safe integer, below the minimum bucket, not a Padmé value, or more
 * chunks than the counter can count. So a client cannot make the server store an unpadded size.
 */
export function blobLayout(paddedSize: number): BlobLayout | undefined {
  if (!Number.isSafeInteger(paddedSize) || paddedSize < MIN_FILE_BUCKET) return undefined;
  if (padmeLength(paddedSize) !== paddedSize) return undefined;
  const layout = layoutOf(paddedSize);
  return layout.chunks <= MAX_CHUNKS && Number.isSafeInteger(layout.blobBytes) ? layout : undefined;
}

/** Plaintext bytes in chunk `index` (all C but possibly the last). */
export function chunkPlainBytes(layout: BlobLayout, index: number): number {
  if (!Number.isSafeInteger(index) || index < 0 || index >= layout.chunks) {
    throw new RangeError(`chunk ${index} is outside 0..${layout.chunks - 1}`);
  }
  return index < layout.chunks - 1 ? FILE_CHUNK_BYTES : layout.paddedSize - index * FILE_CHUNK_BYTES;
}

/** Ciphertext bytes of chunk `index`, as uploaded and stored. */
export function chunkCipherBytes(layout: BlobLayout, index: number): number {
  return chunkPlainBytes(layout, index) + TAG_BYTES;
}

/** Where chunk `index` starts in the stored blob. */
export function chunkOffset(index: number): number {
  return index * (FILE_CHUNK_BYTES + TAG_BYTES);
}

/** nonce_i = prefix ‖ u32be(i) ‖ flag (§12.3). */
export function chunkNonce(prefix: Uint8Array, index: number, last: boolean): Uint8Array {
  if (prefix.length !== FILE_NONCE_PREFIX_BYTES) {
    throw new RangeError(`nonce prefix must be ${FILE_NONCE_PREFIX_BYTES} bytes`);
  }
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_CHUNKS) throw new RangeError(`bad chunk ${index}`);
  const nonce = new Uint8Array(NONCE_BYTES);
  nonce.set(prefix);
  new DataView(nonce.buffer).setUint32(FILE_NONCE_PREFIX_BYTES, index, false);
  nonce[FILE_NONCE_PREFIX_BYTES + CHUNK_COUNTER_BYTES] = last ? CHUNK_FLAG_LAST : CHUNK_FLAG_MORE;
  return nonce;
}

/** The per-file secrets a sealer or opener needs; both come from the manifest and the link. */
export type FileKeys = { fileKey: Uint8Array; noncePrefix: Uint8Array };

function checkKeys(keys: FileKeys): void {
  if (keys.fileKey.length !== SUBKEY_BYTES) throw new RangeError(`file key must be ${SUBKEY_BYTES} bytes`);
  if (keys.noncePrefix.length !== FILE_NONCE_PREFIX_BYTES) {
    throw new RangeError(`nonce prefix must be ${FILE_NONCE_PREFIX_BYTES} bytes`);
  }
}

/**
 * Seals chunk `index` of a file with this layout. The plaintext must have exactly the chunk's length
 * (padding included): a wrong length is a caller bug and throws, since it would produce a file nobody
 * can open.
 */
export function sealChunk(keys: FileKeys, layout: BlobLayout, index: number, plaintext: Uint8Array): Uint8Array {
  checkKeys(keys);
  const expected = chunkPlainBytes(layout, index);
  if (plaintext.length !== expected) {
    throw new RangeError(`chunk ${index} must hold ${expected} bytes, not ${plaintext.length}`);
  }
  const nonce = chunkNonce(keys.noncePrefix, index, index === layout.chunks - 1);
  return aeadSeal(keys.fileKey, nonce, AAD, plaintext);
}

/**
 * Opens chunk `index`; undefined if it does not authenticate — altered, from another position, file
 * or push, or cut short — or has the wrong length for its position. No plaintext is released then.
 */
export function openChunk(
  keys: FileKeys,
  layout: BlobLayout,
  index: number,
  sealed: Uint8Array,
): Uint8Array | undefined {
  checkKeys(keys);
  if (!Number.isSafeInteger(index) || index < 0 || index >= layout.chunks) return undefined;
  if (sealed.length !== chunkCipherBytes(layout, index)) return undefined;
  const nonce = chunkNonce(keys.noncePrefix, index, index === layout.chunks - 1);
  return aeadOpen(keys.fileKey, nonce, AAD, sealed);
}
