/** push.ts, passphrase half: the create/reveal flow the web app and CLI run (docs/wire-format.md §11.4). */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../wire/base64url.ts';
import { proofHash } from './crypto.ts';
import { AcceptedKdfParams, KDF_FLOOR, newKdfParams } from '../wire/kdf-params.ts';
import { derivePassKey } from './passphrase.ts';
import {
  EnvelopeTooLargeError,
  keyProofFor,
  openPush,
  proofsFor,
  sealPushWithPassKey,
  sealText,
  sealTextWithPassKey,
  sealTextWithPassphrase,
} from './push.ts';

const SLOW = 30_000;
const bytes = (b64: string): Uint8Array => {
  const b = fromBase64url(b64);
  if (!b) throw new Error('test produced invalid base64url');
  return b;
};
const hash = (b64: string) => toBase64url(proofHash(bytes(b64)));
const P = new Uint8Array(32).fill(9);

describe('sealTextWithPassphrase → derivePassKey → proofsFor → openPush', () => {
  it(
    'round-trips, with the proofs the server checks',
    async () => {
      const progress: number[] = [];
      const sealed = await sealTextWithPassphrase('the secret', 'pa\u0301ssphrase', {
        cost: KDF_FLOOR, // the default is covered by newKdfParams' test and the frozen vectors
        onProgress: (f) => progress.push(f),
      });
      expect(progress.at(-1)).toBe(1);
      const { kdf, passProofHash } = sealed.request.passphrase;
      expect(kdf).toMatchObject({ alg: 'argon2id', v: 19, ...KDF_FLOOR });
      expect(v.safeParse(AcceptedKdfParams, kdf).success).toBe(true);
      expect(Object.keys(sealed.request).sort()).toEqual(['envelope', 'keyProofHash', 'passphrase']);

      // The recipient types the passphrase composed; the creator typed it decomposed.
      const derived = await derivePassKey('p\u00e1ssphrase', kdf);
      if (derived.kind !== 'ok') throw new Error(derived.message);
      const proofs = proofsFor(sealed.linkKey, derived.passKey);
      expect(hash(proofs.keyProof)).toBe(sealed.request.keyProofHash);
      expect(hash(proofs.passProof)).toBe(passProofHash);
      expect(proofs.keyProof).toBe(keyProofFor(sealed.linkKey));
      expect(proofs.passProof).not.toBe(proofs.keyProof);
      expect(openPush(sealed.linkKey, sealed.request.envelope, derived.passKey)).toEqual({
        kind: 'ok',
        payload: { v: 1, kind: 'text', text: 'the secret' },
      });
      expect(openPush(sealed.linkKey, sealed.request.envelope)).toEqual({ kind: 'wrong_key' });
      expect(openPush(sealed.linkKey, sealed.request.envelope, P)).toEqual({ kind: 'wrong_key' });
    },
    SLOW,
  );

  it('refuses an empty passphrase, a cost outside the bounds and an oversized text before Argon2id', async () => {
    await expect(sealTextWithPassphrase('x', '')).rejects.toThrow(RangeError);
    await expect(sealTextWithPassphrase('x', 'pw', { cost: { m: 1024, t: 1, p: 1 } })).rejects.toThrow(RangeError);
    await expect(sealTextWithPassphrase('x', 'pw', { cost: { m: 2 ** 20, t: 2, p: 1 } })).rejects.toThrow(RangeError);
    await expect(sealTextWithPassphrase('x'.repeat(2000), 'pw', { maxEnvelopeBytes: 1024 })).rejects.toBeInstanceOf(
      EnvelopeTooLargeError,
    );
  });
});

describe('main-thread halves (P comes from a worker)', () => {
  const kdf = newKdfParams();

  it('sealTextWithPassKey draws a fresh K and nonce, and the envelope size is the same as without a passphrase', () => {
    const a = sealTextWithPassKey('same', P, kdf);
    const b = sealTextWithPassKey('same', P, kdf);
    expect(toBase64url(a.linkKey)).not.toBe(toBase64url(b.linkKey));
    expect(a.request.envelope).not.toBe(b.request.envelope);
    expect(a.request.envelope.length).toBe(sealText('same').request.envelope.length);
    expect(a.request.passphrase.kdf).toEqual(kdf);
    expect(a.request.passphrase.kdf).not.toBe(kdf); // a copy: later edits of the caller's object don't leak in
    expect(openPush(a.linkKey, a.request.envelope, P)).toMatchObject({ kind: 'ok' });
  });

  it('the pass proof depends on K as well as P: same passphrase key, different links, unrelated proofs', () => {
    const a = sealTextWithPassKey('x', P, kdf);
    const b = sealTextWithPassKey('x', P, kdf);
    expect(a.request.passphrase.passProofHash).not.toBe(b.request.passphrase.passProofHash);
    expect(proofsFor(a.linkKey, P).passProof).not.toBe(proofsFor(b.linkKey, P).passProof);
  });

  it('throws for caller bugs: wrong-sized P, bad parameters, oversized text', () => {
    const K = new Uint8Array(32);
    const payload = { v: 1, kind: 'text', text: 'x' } as const;
    expect(() => sealPushWithPassKey(payload, K, new Uint8Array(31), kdf)).toThrow(RangeError);
    expect(() => sealPushWithPassKey(payload, K, new Uint8Array(0), kdf)).toThrow(RangeError);
    expect(() => sealPushWithPassKey(payload, K, P, { ...kdf, t: 1 })).toThrow(RangeError);
    expect(() => sealTextWithPassKey('x'.repeat(5000), P, kdf, { maxEnvelopeBytes: 1024 })).toThrow(
      EnvelopeTooLargeError,
    );
    expect(() => proofsFor(K, new Uint8Array(16))).toThrow(RangeError);
  });

  it('openPush: a wrong-sized P is a wrong key; an empty P means "no passphrase"', () => {
    const plain = sealText('no passphrase');
    expect(openPush(plain.linkKey, plain.request.envelope, new Uint8Array(0))).toMatchObject({ kind: 'ok' });
    expect(openPush(plain.linkKey, plain.request.envelope, new Uint8Array(31))).toEqual({ kind: 'wrong_key' });
    expect(openPush(plain.linkKey, plain.request.envelope, P)).toEqual({ kind: 'wrong_key' });
  });
});
