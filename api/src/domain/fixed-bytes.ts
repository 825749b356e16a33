/**
 * Strict decoding of fixed-size base64url values (ids, proofs, tokens). The schemas already check
 * length and alphabet; this adds the canonical-encoding check (no stray trailing bits), so each value
 * has exactly one spelling.
 */
import { fromBase64url } from '@zkpush/shared/base64url';

type FixedBytes = { kind: 'ok'; bytes: Uint8Array } | { kind: 'invalid'; message: string };

export function decodeFixed(text: string, size: number, field: string): FixedBytes {
  const bytes = fromBase64url(text);
  if (bytes === undefined || bytes.length !== size) {
    return { kind: 'invalid', message: `${field} must be ${size} bytes as canonical unpadded base64url` };
  }
  return { kind: 'ok', bytes };
}
