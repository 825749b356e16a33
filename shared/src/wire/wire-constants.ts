/**
 * Wire format v1 constants (docs/wire-format.md). Frozen: changing any of these breaks every link
 * already sent. A new format gets a new version byte and new constants beside these.
 */
export const WIRE_VERSION = 0x01;
/** K: the link key carried in the URL fragment. */
export const LINK_KEY_BYTES = 32;
/** XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03) nonce and Poly1305 tag sizes. */
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
/** Smallest well-formed envelope: version ‖ nonce ‖ tag (empty ciphertext is never produced). */
export const ENVELOPE_OVERHEAD = 1 + NONCE_BYTES + TAG_BYTES;
/** HKDF-SHA256 (RFC 5869) info strings; salt is empty, output 32 bytes each. */
export const INFO_ENC = 'zkpush/v1/enc';
export const INFO_KEY_PROOF = 'zkpush/v1/key-proof';
export const INFO_PASS_PROOF = 'zkpush/v1/pass-proof';
export const SUBKEY_BYTES = 32;
/** Payload framing: u32 big-endian JSON length prefix, then zero padding (Padmé, PETS 2019). */
export const LENGTH_PREFIX_BYTES = 4;
/** Smallest framed plaintext, so every short secret (passwords) yields the same envelope length. */
export const MIN_BUCKET = 512;
/** The payload JSON's own `v` field — versioned apart from WIRE_VERSION so kinds can grow inside v1. */
export const PAYLOAD_VERSION = 1;
/** P: the passphrase key (Argon2id output, docs/wire-format.md §11); IKM = K ‖ P with P empty or this long. */
export const PASS_KEY_BYTES = 32;
/**
 * Passphrase KDF (docs/wire-format.md §11): P = Argon2id (RFC 9106, version 0x13 = 19) of the NFC-normalised
 * UTF-8 passphrase, with a random salt of this many bytes and a PASS_KEY_BYTES output. The cost parameters
 * are per push (public metadata), so they are not constants; their accepted range is in kdf-params.ts.
 */
export const KDF_ALG = 'argon2id';
export const ARGON2_VERSION = 0x13;
export const KDF_SALT_BYTES = 16;
/**
 * File pushes (docs/wire-format.md §12). Each file is encrypted with STREAM (Hoang, Reyhanitabar,
 * Rogaway, Vizár, "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015)
 * over XChaCha20-Poly1305, under its own key HKDF(IKM, info = INFO_FILE_KEY ‖ u32be(file index)).
 * Chunk nonce = prefix (19 random bytes per file) ‖ u32be(chunk index) ‖ last-chunk flag (0x00 / 0x01).
 */
export const INFO_FILE_KEY = 'zkpush/v1/file';
export const FILE_NONCE_PREFIX_BYTES = 19;
export const CHUNK_COUNTER_BYTES = 4;
export const CHUNK_FLAG_LAST = 0x01;
export const CHUNK_FLAG_MORE = 0x00;
/**
 * Plaintext bytes per chunk (the last chunk may be shorter). 1 MiB: the largest the issue allows, because
 * noble's XChaCha20-Poly1305 throughput is flat from 64 KiB to 4 MiB (measured, docs/performance.md)
 * while every chunk costs one HTTP request and one worker round trip. Frozen: a file's chunk size is in
 * its manifest, and v1 decoders accept only this value.
 */
export const FILE_CHUNK_BYTES = 1_048_576;
/** Smallest padded file: every file under 512 bytes (a key file, a short token) looks alike. */
export const MIN_FILE_BUCKET = 512;
/**
 * Most files one manifest may list: a bound of the format itself; servers enforce tighter, configurable
 * ones (ZKPUSH_MAX_FILES …). Here rather than in manifest.ts so that schemas.ts does not pull the
 * file-stream and crypto code into the reveal page's first chunk (docs/performance.md "Light pages").
 */
export const MAX_MANIFEST_FILES = 1000;
