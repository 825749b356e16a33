/**
 * The only module that touches cryptographic primitives (docs/wire-format.md), with random.ts (the
 * CSPRNG, re-exported here). Everything else in zkpush composes these functions, so an audit of the
 * crypto is an audit of these two files.
 *
 * - Subkeys: HKDF-SHA256 (RFC 5869), empty salt, 32-byte outputs, domain-separated by info strings.
 * - Envelope: `version ‖ nonce ‖ XChaCha20-Poly1305(encKey, nonce, plaintext, AAD = version)`
 *   (draft-irtf-cfrg-xchacha-03). 192-bit random nonces make nonce reuse a non-issue even though a
 *   key is, in practice, used exactly once.
 */
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { randomBytes } from './random.ts';
import {
  ENVELOPE_OVERHEAD,
  INFO_ENC,
  INFO_FILE_KEY,
  INFO_KEY_PROOF,
  INFO_PASS_PROOF,
  LINK_KEY_BYTES,
  NONCE_BYTES,
  PASS_KEY_BYTES,
  SUBKEY_BYTES,
  WIRE_VERSION,
} from '../wire/wire-constants.ts';

const EMPTY = new Uint8Array(0);
const utf8 = new TextEncoder();

export { randomBytes };

type Subkeys = {
  /** XChaCha20-Poly1305 key for the envelope. */
  encKey: Uint8Array;
  /** Shown to the server at reveal; proves possession of K without revealing it. From K alone. */
  keyProof: Uint8Array;
  /**
   * Shown to the server at reveal of a passphrase push, which keeps only SHA-256 of it (passProofHash):
   * the server-side passphrase check that counts wrong attempts (docs/wire-format.md §11.4). From K ‖ P.
   */
  passProof: Uint8Array;
};

/** HKDF-SHA256 (RFC 5869): extract-then-expand to `length` bytes. */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return hkdf(sha256, ikm, salt, info, length);
}

function subkey(ikm: Uint8Array, info: string): Uint8Array {
  // RFC 5869 §2.2: an empty salt is equivalent to HashLen zero bytes; we pass it explicitly.
  return hkdfSha256(ikm, EMPTY, utf8.encode(info), SUBKEY_BYTES);
}

/**
 * Derives the v1 subkeys from the link key K and the passphrase key P (empty without a passphrase, §11).
 * IKM = K ‖ P is unambiguous because K has a fixed length and P is either empty or 32 bytes.
 * keyProof depends on K only, so the server can gate reveals before any passphrase is entered.
 */
export function deriveSubkeys(linkKey: Uint8Array, passKey: Uint8Array = EMPTY): Subkeys {
  const ikm = inputKeyMaterial(linkKey, passKey);
  const keys = {
    encKey: subkey(ikm, INFO_ENC),
    keyProof: subkey(linkKey, INFO_KEY_PROOF),
    passProof: subkey(ikm, INFO_PASS_PROOF),
  };
  ikm.fill(0);
  return keys;
}

/** IKM = K ‖ P (docs/wire-format.md §4); unambiguous because K is fixed-size and P is empty or 32 bytes. */
function inputKeyMaterial(linkKey: Uint8Array, passKey: Uint8Array): Uint8Array {
  if (linkKey.length !== LINK_KEY_BYTES) throw new RangeError(`link key must be ${LINK_KEY_BYTES} bytes`);
  if (passKey.length !== 0 && passKey.length !== PASS_KEY_BYTES) {
    throw new RangeError(`passphrase key must be empty or ${PASS_KEY_BYTES} bytes`);
  }
  const ikm = new Uint8Array(linkKey.length + passKey.length);
  ikm.set(linkKey);
  ikm.set(passKey, linkKey.length);
  return ikm;
}

/**
 * The STREAM key of file `index` of a file push (docs/wire-format.md §12.2):
 * HKDF-SHA256(IKM, salt = "", info = "zkpush/v1/file" ‖ u32be(index), 32). A key per file is what makes
 * splicing chunks between files fail, since every chunk's tag is bound to its file's key.
 */
export function deriveFileKey(linkKey: Uint8Array, passKey: Uint8Array, index: number): Uint8Array {
  if (!Number.isSafeInteger(index) || index < 0 || index > 0xffff_ffff) {
    throw new RangeError(`file index ${index} is not a u32`);
  }
  const label = utf8.encode(INFO_FILE_KEY);
  const info = new Uint8Array(label.length + 4);
  info.set(label);
  new DataView(info.buffer).setUint32(label.length, index, false);
  const ikm = inputKeyMaterial(linkKey, passKey);
  const key = hkdfSha256(ikm, EMPTY, info, SUBKEY_BYTES);
  ikm.fill(0);
  return key;
}

/** SHA-256 of a proof: the server stores only this, so a DB leak does not let anyone reveal. */
export function proofHash(proof: Uint8Array): Uint8Array {
  return sha256(proof);
}

/** XChaCha20-Poly1305 (draft-irtf-cfrg-xchacha-03 §2.3): returns ciphertext ‖ 16-byte tag. */
export function aeadSeal(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return xchacha20poly1305(key, nonce, aad).encrypt(plaintext);
}

/** Inverse of aeadSeal; undefined when the tag does not verify or a parameter has the wrong size. */
export function aeadOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  sealed: Uint8Array,
): Uint8Array | undefined {
  try {
    return xchacha20poly1305(key, nonce, aad).decrypt(sealed);
  } catch {
    return undefined;
  }
}

/** AAD for v1: the version byte. Later public headers are appended to it, so they are authenticated. */
const AAD_V1 = Uint8Array.of(WIRE_VERSION);

/**
 * Encrypts `plaintext` into a v1 envelope. `nonce` is a test seam for frozen vectors only: production
 * callers must leave it out so a fresh random nonce is drawn.
 */
export function sealEnvelope(encKey: Uint8Array, plaintext: Uint8Array, nonce?: Uint8Array): Uint8Array {
  if (encKey.length !== SUBKEY_BYTES) throw new RangeError(`encryption key must be ${SUBKEY_BYTES} bytes`);
  const n = nonce ?? randomBytes(NONCE_BYTES);
  if (n.length !== NONCE_BYTES) throw new RangeError(`nonce must be ${NONCE_BYTES} bytes`);
  const sealed = aeadSeal(encKey, n, AAD_V1, plaintext);
  const out = new Uint8Array(1 + NONCE_BYTES + sealed.length);
  out[0] = WIRE_VERSION;
  out.set(n, 1);
  out.set(sealed, 1 + NONCE_BYTES);
  return out;
}

type OpenedEnvelope =
  | { kind: 'ok'; plaintext: Uint8Array }
  | { kind: 'malformed' }
  | { kind: 'unsupported_version'; version: number }
  | { kind: 'auth_failed' };

/**
 * Decrypts a v1 envelope. The version byte is checked first so a newer envelope is reported as
 * such rather than as corrupt; anything that fails the Poly1305 tag (tampering, truncation inside the
 * ciphertext, a wrong key) is `auth_failed` and yields no plaintext at all.
 */
export function openEnvelope(encKey: Uint8Array, envelope: Uint8Array): OpenedEnvelope {
  if (encKey.length !== SUBKEY_BYTES) throw new RangeError(`encryption key must be ${SUBKEY_BYTES} bytes`);
  if (envelope.length === 0) return { kind: 'malformed' };
  const version = envelope[0]!;
  if (version !== WIRE_VERSION) return { kind: 'unsupported_version', version };
  if (envelope.length < ENVELOPE_OVERHEAD) return { kind: 'malformed' };
  const nonce = envelope.subarray(1, 1 + NONCE_BYTES);
  const plaintext = aeadOpen(encKey, nonce, AAD_V1, envelope.subarray(1 + NONCE_BYTES));
  return plaintext ? { kind: 'ok', plaintext } : { kind: 'auth_failed' };
}
