/**
 * The random secrets of sign-in — session cookies, API tokens, OAuth `state` — and their stored form.
 * Each secret has 256 bits from the OS CSPRNG, so a plain SHA-256 (hex) is a safe verifier: there is no
 * dictionary to try, and a copy of the database yields no usable session or token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_TOKEN_PREFIX } from '@zkpush/shared/auth-schemas';

const SECRET_BYTES = 32;
const ID_BYTES = 16;

/** 256 random bits, base64url (43 characters). */
export function newSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** 128 random bits, base64url (22 characters): user and token ids. */
export function newId(): string {
  return randomBytes(ID_BYTES).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** `zkpush.` + 43 base64url characters: recognisable (secret scanning), never an owner token. */
export function newApiToken(): string {
  return `${API_TOKEN_PREFIX}${newSecret()}`;
}

const API_TOKEN = /^zkpush\.[A-Za-z0-9_-]{43}$/;

export function isApiToken(text: string): boolean {
  return API_TOKEN.test(text);
}

/** Whether two strings are equal, in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
