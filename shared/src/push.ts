/**
 * High-level push sealing/opening used by the web app, the CLI and the tests: text in, base64url
 * strings ready for `CreateSecretRequest` out, and back. No crypto primitives here (see crypto.ts).
 */
import { fromBase64url, toBase64url } from './base64url.ts';
import { deriveSubkeys, openEnvelope, proofHash, randomBytes, sealEnvelope } from './crypto.ts';
import { decodePayload, encodePayload, framedLength, type Payload } from './payload.ts';
import { ENVELOPE_OVERHEAD, LINK_KEY_BYTES } from './wire-constants.ts';

export type SealedPush = {
  /** K: goes into the link fragment only (link.ts formatLink), never to the server. */
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

export type SizeCheck =
  { kind: 'ok'; envelopeBytes: number } | { kind: 'too_large'; envelopeBytes: number; maxEnvelopeBytes: number };

/** The tagged form of the size limit: check before calling sealText to avoid the throw. */
export function checkTextSize(text: string, maxEnvelopeBytes: number): SizeCheck {
  const envelopeBytes = envelopeBytesFor(textPayload(text));
  return envelopeBytes > maxEnvelopeBytes
    ? { kind: 'too_large', envelopeBytes, maxEnvelopeBytes }
    : { kind: 'ok', envelopeBytes };
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
  const framed = encodePayload(payload);
  const envelopeBytes = ENVELOPE_OVERHEAD + framed.length;
  if (options.maxEnvelopeBytes !== undefined && envelopeBytes > options.maxEnvelopeBytes) {
    throw new EnvelopeTooLargeError(envelopeBytes, options.maxEnvelopeBytes);
  }
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
 * different K, or an envelope altered in transit or at rest — either way no plaintext is released.
 */
export function openPush(linkKey: Uint8Array, envelopeB64: string): OpenedPush {
  const envelope = fromBase64url(envelopeB64);
  if (!envelope) return { kind: 'corrupt', message: 'the encrypted secret is not valid base64url' };
  if (linkKey.length !== LINK_KEY_BYTES) return { kind: 'wrong_key' };
  const opened = openEnvelope(deriveSubkeys(linkKey).encKey, envelope);
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
