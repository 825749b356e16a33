/**
 * Server-side checks on an uploaded envelope (docs/wire-format.md). The server cannot decrypt it; it
 * checks only what is public: canonical base64url, the size limit, the minimum length of
 * version ‖ nonce ‖ tag, and the version byte — so garbage is refused at the door, not at reveal.
 */
import { decodedLength, fromBase64url } from '@zkpush/shared/base64url';
import { ENVELOPE_OVERHEAD, WIRE_VERSION } from '@zkpush/shared/wire-constants';

type DecodedEnvelope =
  { kind: 'ok'; bytes: Uint8Array } | { kind: 'too_large'; message: string } | { kind: 'invalid'; message: string };

export function decodeEnvelope(text: string, maxBytes: number): DecodedEnvelope {
  // Size first, from the length alone, so an oversized upload is never decoded.
  const size = decodedLength(text.length);
  if (size > maxBytes) {
    return { kind: 'too_large', message: `envelope is ${size} bytes; this server accepts at most ${maxBytes}` };
  }
  const bytes = fromBase64url(text);
  if (bytes === undefined) return { kind: 'invalid', message: 'envelope must be canonical unpadded base64url' };
  if (bytes.length < ENVELOPE_OVERHEAD) {
    return { kind: 'invalid', message: `envelope must be at least ${ENVELOPE_OVERHEAD} bytes (got ${bytes.length})` };
  }
  if (bytes[0] !== WIRE_VERSION) {
    return { kind: 'invalid', message: `envelope version ${bytes[0]} is not supported (expected ${WIRE_VERSION})` };
  }
  return { kind: 'ok', bytes };
}
