import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { newKdfParams, type KdfParams } from '@zkpush/shared/kdf-params';
import { KdfRequest, KdfResponse, MAX_PASSPHRASE_LENGTH } from './kdf-protocol.ts';

const kdf: KdfParams = newKdfParams(undefined, new Uint8Array(16).fill(1));

describe('KdfRequest', () => {
  it('accepts a derive request and nothing else', () => {
    expect(v.safeParse(KdfRequest, { type: 'derive', id: 1, passphrase: 'x', kdf }).success).toBe(true);
    for (const bad of [
      null,
      { type: 'derive', id: 1, passphrase: '', kdf },
      { type: 'derive', id: -1, passphrase: 'x', kdf },
      { type: 'derive', id: 1.5, passphrase: 'x', kdf },
      { type: 'derive', id: 1, passphrase: 'x'.repeat(MAX_PASSPHRASE_LENGTH + 1), kdf },
      { type: 'derive', id: 1, passphrase: 'x', kdf, extra: true },
      { type: 'seal', id: 1, passphrase: 'x', kdf },
      { type: 'derive', id: 1, passphrase: 'x', kdf: { ...kdf, m: '19456' } },
    ]) {
      expect(v.safeParse(KdfRequest, bad).success).toBe(false);
    }
  });
});

describe('KdfResponse', () => {
  it('accepts each message type', () => {
    for (const ok of [
      { type: 'progress', id: 1, fraction: 0.5 },
      { type: 'done', id: 1, passKey: new Uint8Array(32) },
      { type: 'bad_kdf', id: 1, problem: 'too_weak', message: 'm' },
      { type: 'failed', id: 0, message: 'm' },
    ]) {
      expect(v.safeParse(KdfResponse, ok).success).toBe(true);
    }
  });

  it('refuses a P of the wrong size or type, and stray fields', () => {
    for (const bad of [
      { type: 'done', id: 1, passKey: new Uint8Array(31) },
      { type: 'done', id: 1, passKey: Array.from(new Uint8Array(32)) },
      { type: 'done', id: 1, passKey: new Uint8Array(32), passphrase: 'leak' },
      { type: 'progress', id: 1, fraction: 1.5 },
      { type: 'bad_kdf', id: 1, problem: 'boom', message: 'm' },
      { type: 'hello', id: 1 },
    ]) {
      expect(v.safeParse(KdfResponse, bad).success).toBe(false);
    }
  });
});
