/**
 * Whether a token or proof a client sent is the one whose SHA-256 the server stored (owner token, key
 * and pass proofs, upload token), compared with node:crypto's timingSafeEqual so the time taken says
 * nothing about how much of it matched. Lengths are public, so a length mismatch returns at once.
 */
import { timingSafeEqual } from 'node:crypto';
import { proofHash } from '@zkpush/shared/crypto';

export function matchesStoredHash(sent: Uint8Array, storedHash: Uint8Array): boolean {
  const hash = proofHash(sent);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}
