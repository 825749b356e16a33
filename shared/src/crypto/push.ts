/**
 * High-level push sealing/opening used by the web app, the CLI and the tests: text in, base64url
 * strings ready for `CreateSecretRequest` out, and back. No crypto primitives here (see crypto.ts).
 */
import { fromBase64url, toBase64url } from '../wire/base64url.ts';
import { deriveSubkeys, openEnvelope, proofHash, randomBytes, sealEnvelope } from './crypto.ts';
import { checkKdfParams, newKdfParams, type KdfCost, type KdfParams } from '../wire/kdf-params.ts';
import { derivePassKey, type DeriveOptions } from './passphrase.ts';
import { decodePayload, encodePayload, framedLength, type Payload } from '../wire/payload.ts';
import { ENVELOPE_OVERHEAD, LINK_KEY_BYTES, PASS_KEY_BYTES } from '../wire/wire-constants.ts';

export type SealedPush = {
  /** K: goes into the link fragment only (../wire/link.ts formatLink), never to the server. */
  linkKey: Uint8Array;
  request: { envelope: string; keyProofHash: string };
};

export type SealOptions = {
  /** Refuse (EnvelopeTooLargeError) if the decoded envelope would exceed this many bytes. */
  maxEnvelopeBytes?: number;
};

export type OpenedPush =
  | { kind: 'ok'; payload: Payload }
  | { kind: 'wrong_key' }
  | { kind: 'corrupt'; message: string }
  | { kind: 'unsupported_version'; version: number };

/** Thrown by sealText/sealPush when the envelope would be larger than the server accepts. */
export class EnvelopeTooLargeError extends RangeError {
  readonly envelopeBytes: number;
  readonly maxEnvelopeBytes: number;
  constructor(envelopeBytes: number, maxEnvelopeBytes: number) {
    super(`the encrypted secret would be ${envelopeBytes} bytes; the server accepts at most ${maxEnvelopeBytes}`);
    this.name = 'EnvelopeTooLargeError';
    this.envelopeBytes = envelopeBytes;
    this.maxEnvelopeBytes = maxEnvelopeBytes;
  }
}

const textPayload = (text: string): Payload => ({ v: 1, kind: 'text', text });

/** Decoded envelope size for a payload, computed without encrypting (for live size checks in forms). */
export function envelopeBytesFor(payload: Payload): number {
  return ENVELOPE_OVERHEAD + framedLength(payload);
}

type SizeCheck =
  { kind: 'ok'; envelopeBytes: number } | { kind: 'too_large'; envelopeBytes: number; maxEnvelopeBytes: number };

/** The tagged form of the size limit: check before calling sealText to avoid the throw. */
export function checkTextSize(text: string, maxEnvelopeBytes: number): SizeCheck {
  const envelopeBytes = envelopeBytesFor(textPayload(text));
  return envelopeBytes > maxEnvelopeBytes
    ? { kind: 'too_large', envelopeBytes, maxEnvelopeBytes }
    : { kind: 'ok', envelopeBytes };
}

/** Frames the payload, throwing EnvelopeTooLargeError if its envelope would exceed the limit. */
function frameWithinLimit(payload: Payload, options: SealOptions): Uint8Array {
  const framed = encodePayload(payload);
  const envelopeBytes = ENVELOPE_OVERHEAD + framed.length;
  if (options.maxEnvelopeBytes !== undefined && envelopeBytes > options.maxEnvelopeBytes) {
    throw new EnvelopeTooLargeError(envelopeBytes, options.maxEnvelopeBytes);
  }
  return framed;
}

/**
 * Seals a payload under a given K. `nonce` is the deterministic seam used by the frozen vectors;
 * production code calls sealText, which draws both K and the nonce from the CSPRNG.
 */
export function sealPush(
  payload: Payload,
  linkKey: Uint8Array,
  options: SealOptions & { nonce?: Uint8Array } = {},
): SealedPush {
  const framed = frameWithinLimit(payload, options);
  const { encKey, keyProof } = deriveSubkeys(linkKey);
  const envelope = sealEnvelope(encKey, framed, options.nonce);
  return { linkKey, request: { envelope: toBase64url(envelope), keyProofHash: toBase64url(proofHash(keyProof)) } };
}

/** Encrypts a text secret under a fresh random K. Throws EnvelopeTooLargeError past `maxEnvelopeBytes`. */
export function sealText(text: string, options: SealOptions = {}): SealedPush {
  return sealPush(textPayload(text), randomBytes(LINK_KEY_BYTES), { maxEnvelopeBytes: options.maxEnvelopeBytes });
}

/** The keyProof to present at reveal (`RevealRequest.keyProof`). */
export function keyProofFor(linkKey: Uint8Array): string {
  return toBase64url(deriveSubkeys(linkKey).keyProof);
}

/**
 * Opens an envelope received from the server. `wrong_key` covers every authentication failure: a
 * different K, a different P (wrong passphrase, or KDF parameters the server altered), or an envelope
 * altered in transit or at rest — either way no plaintext is released. `passKey` is P for a passphrase
 * push (derivePassKey); leave it out for a push without one.
 */
export function openPush(linkKey: Uint8Array, envelopeB64: string, passKey?: Uint8Array): OpenedPush {
  const envelope = fromBase64url(envelopeB64);
  if (!envelope) return { kind: 'corrupt', message: 'the encrypted secret is not valid base64url' };
  if (linkKey.length !== LINK_KEY_BYTES) return { kind: 'wrong_key' };
  if (passKey && passKey.length !== 0 && passKey.length !== PASS_KEY_BYTES) return { kind: 'wrong_key' };
  const opened = openEnvelope(deriveSubkeys(linkKey, passKey).encKey, envelope);
  switch (opened.kind) {
    case 'malformed':
      return { kind: 'corrupt', message: 'the encrypted secret is truncated' };
    case 'unsupported_version':
      return { kind: 'unsupported_version', version: opened.version };
    case 'auth_failed':
      return { kind: 'wrong_key' };
    case 'ok': {
      const decoded = decodePayload(opened.plaintext);
      return decoded.kind === 'ok' ? decoded : { kind: 'corrupt', message: decoded.message };
    }
  }
}

// ---- Passphrase pushes (docs/wire-format.md §11) ----------------------------------------------------
// Split for a Web Worker: only derivePassKey (passphrase.ts) is slow. The page calls newKdfParams, hands
// (passphrase, kdf) to the worker, gets P back and calls the synchronous functions below.

/** The `passphrase` member of CreateSecretRequest: public KDF metadata and SHA-256(passProof). */
type PassphraseRequest = { kdf: KdfParams; passProofHash: string };

export type SealedPassphrasePush = {
  /** K: goes into the link fragment only, exactly as for a push without a passphrase. */
  linkKey: Uint8Array;
  request: { envelope: string; keyProofHash: string; passphrase: PassphraseRequest };
};

/**
 * Seals a payload under K and P (IKM = K ‖ P). Throws RangeError for a wrong-sized P or for `kdf`
 * outside the accepted bounds (caller bugs: nobody could open such a push), and EnvelopeTooLargeError
 * like sealPush. `nonce` is the frozen-vector seam.
 */
export function sealPushWithPassKey(
  payload: Payload,
  linkKey: Uint8Array,
  passKey: Uint8Array,
  kdf: KdfParams,
  options: SealOptions & { nonce?: Uint8Array } = {},
): SealedPassphrasePush {
  if (passKey.length !== PASS_KEY_BYTES) throw new RangeError(`passphrase key must be ${PASS_KEY_BYTES} bytes`);
  const checked = checkKdfParams(kdf);
  if (checked.kind !== 'ok') throw new RangeError(checked.message);
  const framed = frameWithinLimit(payload, options);
  const { encKey, keyProof, passProof } = deriveSubkeys(linkKey, passKey);
  const envelope = sealEnvelope(encKey, framed, options.nonce);
  return {
    linkKey,
    request: {
      envelope: toBase64url(envelope),
      keyProofHash: toBase64url(proofHash(keyProof)),
      passphrase: { kdf: { ...kdf }, passProofHash: toBase64url(proofHash(passProof)) },
    },
  };
}

/** Main-thread half of a passphrase create: P from the worker, a fresh random K drawn here. */
export function sealTextWithPassKey(
  text: string,
  passKey: Uint8Array,
  kdf: KdfParams,
  options: SealOptions = {},
): SealedPassphrasePush {
  return sealPushWithPassKey(textPayload(text), randomBytes(LINK_KEY_BYTES), passKey, kdf, {
    maxEnvelopeBytes: options.maxEnvelopeBytes,
  });
}

/**
 * One call for CLIs and tests: fresh salt (newKdfParams), Argon2id, then sealTextWithPassKey. Rejects
 * (RangeError) an empty passphrase — that means "no passphrase", use sealText — and a cost outside the
 * bounds; throws EnvelopeTooLargeError past `maxEnvelopeBytes`.
 */
export async function sealTextWithPassphrase(
  text: string,
  passphrase: string,
  options: SealOptions & DeriveOptions & { cost?: KdfCost } = {},
): Promise<SealedPassphrasePush> {
  if (passphrase.length === 0) throw new RangeError('the passphrase is empty; use sealText for no passphrase');
  // Fail fast on size before spending a second on Argon2id.
  if (options.maxEnvelopeBytes !== undefined) {
    const size = checkTextSize(text, options.maxEnvelopeBytes);
    if (size.kind === 'too_large') throw new EnvelopeTooLargeError(size.envelopeBytes, size.maxEnvelopeBytes);
  }
  const kdf = newKdfParams(options.cost);
  const derived = await derivePassKey(passphrase, kdf, options);
  if (derived.kind !== 'ok') throw new RangeError(derived.message);
  try {
    return sealTextWithPassKey(text, derived.passKey, kdf, options);
  } finally {
    derived.passKey.fill(0);
  }
}

/** Both proofs for a passphrase reveal (`RevealRequest.keyProof` and `.passProof`), base64url. */
export function proofsFor(linkKey: Uint8Array, passKey: Uint8Array): { keyProof: string; passProof: string } {
  if (passKey.length !== PASS_KEY_BYTES) throw new RangeError(`passphrase key must be ${PASS_KEY_BYTES} bytes`);
  const { keyProof, passProof } = deriveSubkeys(linkKey, passKey);
  return { keyProof: toBase64url(keyProof), passProof: toBase64url(passProof) };
}
