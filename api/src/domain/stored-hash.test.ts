import { proofHash } from '@zkpush/shared/crypto';
import { expect, test } from 'vitest';
import { matchesStoredHash } from './stored-hash.ts';

test('a value matches only the hash stored for it', () => {
  const token = new Uint8Array(32).fill(7);
  expect(matchesStoredHash(token, proofHash(token))).toBe(true);
  expect(matchesStoredHash(new Uint8Array(32).fill(8), proofHash(token))).toBe(false);
});

test('a stored hash of another length never matches (and does not throw)', () => {
  const token = new Uint8Array(32);
  expect(matchesStoredHash(token, proofHash(token).subarray(0, 31))).toBe(false);
  expect(matchesStoredHash(token, new Uint8Array(0))).toBe(false);
});
