/**
 * Frozen passphrase vectors (../vectors/v1-passphrase-envelopes.json). If a test here fails, the change
 * breaks passphrase links already sent: fix the code, never the vectors. Each vector derives P once at
 * its real Argon2id cost (so a change of the defaults cannot break old links).
 */
import { argon2Sync, hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../wire/base64url.ts';
import { deriveSubkeys, proofHash } from '../crypto/crypto.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { AcceptedKdfParams, checkKdfParams, encodeKdfParams } from '../wire/kdf-params.ts';
import { derivePassKeySync, normalizePassphrase } from '../crypto/passphrase.ts';
import { decodePayload } from '../wire/payload.ts';
import { keyProofFor, openPush, proofsFor, sealPushWithPassKey } from '../crypto/push.ts';
import { INFO_ENC, INFO_KEY_PROOF, INFO_PASS_PROOF, NONCE_BYTES } from '../wire/wire-constants.ts';
import { loadPassphraseVectors } from '../../vectors/passphrase-vectors.ts';
import { referenceOpen } from '../../vectors/reference-xchacha.ts';

const SLOW = 30_000;
const vectors = loadPassphraseVectors();
const b64 = (s: string) => fromBase64url(s) ?? new Uint8Array(0);
const cases = vectors.map((x) => [x.name, x] as const);
const text = (t: string) => ({ kind: 'ok', payload: { v: 1, kind: 'text', text: t } });

describe('frozen v1 passphrase envelopes', () => {
  it('cover the shipped default cost, the minimum with a non-NFC passphrase, and another cost', () => {
    expect(vectors.map((x) => x.name)).toEqual(['default-params', 'unicode-passphrase-nfd', 'non-default-cost']);
    expect(vectors.map(({ kdf: { m, t, p } }) => ({ m, t, p }))).toEqual([
      { m: 65536, t: 2, p: 1 },
      { m: 19456, t: 2, p: 1 },
      { m: 20480, t: 3, p: 1 },
    ]);
    const nfd = vectors[1]!;
    expect(nfd.passphraseUtf8).not.toBe(nfd.passwordUtf8);
  });

  it.each(cases)(
    '%s: derives P from the passphrase and the stored parameters (and node:crypto agrees)',
    (_name, x) => {
      const derived = derivePassKeySync(x.passphrase, x.kdf);
      expect(derived.kind === 'ok' && bytesToHex(derived.passKey)).toBe(x.passKey);
      const native = argon2Sync('argon2id', {
        message: hexToBytes(x.passwordUtf8),
        nonce: b64(x.kdf.salt),
        memory: x.kdf.m,
        passes: x.kdf.t,
        parallelism: x.kdf.p,
        tagLength: 32,
      });
      expect(bytesToHex(new Uint8Array(native))).toBe(x.passKey);
    },
    SLOW,
  );

  it.each(cases)('%s: passphrase bytes as stored (guards against an editor normalising the file)', (_name, x) => {
    expect(bytesToHex(new TextEncoder().encode(x.passphrase))).toBe(x.passphraseUtf8);
    expect(bytesToHex(normalizePassphrase(x.passphrase))).toBe(x.passwordUtf8);
  });

  it.each(cases)('%s: opens with P, and not without it', (_name, x) => {
    const K = hexToBytes(x.linkKey);
    expect(openPush(K, x.envelope, hexToBytes(x.passKey))).toEqual(text(x.text));
    expect(openPush(K, x.envelope)).toEqual({ kind: 'wrong_key' });
  });

  it.each(cases)('%s: re-seals with the same K, P, parameters and nonce to identical bytes', (_name, x) => {
    const sealed = sealPushWithPassKey(
      { v: 1, kind: 'text', text: x.text },
      hexToBytes(x.linkKey),
      hexToBytes(x.passKey),
      x.kdf,
      {
        nonce: hexToBytes(x.nonce),
      },
    );
    expect(sealed.request).toEqual({
      envelope: x.envelope,
      keyProofHash: x.keyProofHashB64,
      passphrase: { kdf: x.kdf, passProofHash: x.passProofHashB64 },
    });
  });

  it.each(cases)('%s: subkeys, proofs, parameters encoding', (_name, x) => {
    const K = hexToBytes(x.linkKey);
    const P = hexToBytes(x.passKey);
    const keys = deriveSubkeys(K, P);
    expect(bytesToHex(keys.encKey)).toBe(x.encKey);
    expect(bytesToHex(keys.keyProof)).toBe(x.keyProof);
    expect(bytesToHex(keys.passProof)).toBe(x.passProof);
    expect(bytesToHex(proofHash(keys.keyProof))).toBe(x.keyProofHash);
    expect(bytesToHex(proofHash(keys.passProof))).toBe(x.passProofHash);
    expect(proofsFor(K, P)).toEqual({ keyProof: x.keyProofB64, passProof: x.passProofB64 });
    // keyProof depends on K alone: the server can gate a reveal before any passphrase is involved.
    expect(keyProofFor(K)).toBe(x.keyProofB64);
    expect(x.passProof).not.toBe(x.keyProof);
    expect(x.passProof).not.toBe(bytesToHex(deriveSubkeys(K).passProof));
    expect(x.ikm).toBe(x.linkKey + x.passKey);
    expect(toBase64url(K)).toBe(x.linkFragment);
    expect(b64(x.envelope)).toHaveLength(x.envelopeLength);

    const checked = checkKdfParams(x.kdf);
    expect(checked.kind === 'ok' && bytesToHex(encodeKdfParams(checked))).toBe(x.kdfParamsBytes);
    expect(v.safeParse(AcceptedKdfParams, x.kdf).success).toBe(true);
  });
});

describe('what a wrong passphrase or a lying server achieves', () => {
  const x = vectors[1]!; // the cheapest (the floor cost): these derive P again
  const K = hexToBytes(x.linkKey);

  it(
    'a wrong passphrase (one letter in the wrong case) gives another P: wrong proof, no plaintext',
    () => {
      const first = x.passphrase[0]!;
      const flipped = first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase();
      expect(flipped).not.toBe(first);
      const wrong = derivePassKeySync(flipped + x.passphrase.slice(1), x.kdf);
      if (wrong.kind !== 'ok') throw new Error(wrong.message);
      expect(bytesToHex(wrong.passKey)).not.toBe(x.passKey);
      const proofs = proofsFor(K, wrong.passKey);
      expect(proofs.keyProof).toBe(x.keyProofB64); // K is right, so the key proof still passes…
      expect(toBase64url(proofHash(b64(proofs.passProof)))).not.toBe(x.passProofHashB64); // …the pass proof not
      expect(openPush(K, x.envelope, wrong.passKey)).toEqual({ kind: 'wrong_key' });
    },
    SLOW,
  );

  it(
    'a server that alters the salt only makes decryption fail',
    () => {
      const salt = b64(x.kdf.salt);
      salt[0]! ^= 1;
      const tampered = derivePassKeySync(x.passphrase, { ...x.kdf, salt: toBase64url(salt) });
      if (tampered.kind !== 'ok') throw new Error(tampered.message);
      expect(openPush(K, x.envelope, tampered.passKey)).toEqual({ kind: 'wrong_key' });
    },
    SLOW,
  );

  it('a server that lowers the cost is refused before any work', () => {
    expect(derivePassKeySync(x.passphrase, { ...x.kdf, m: 64, t: 1 })).toMatchObject({
      kind: 'bad_kdf',
      problem: 'too_weak',
    });
  });
});

describe('interop: node:crypto HKDF and the reference XChaCha20-Poly1305', () => {
  it.each(cases)('%s', (_name, x) => {
    const ikm = hexToBytes(x.ikm);
    const node = (key: Uint8Array, info: string) =>
      bytesToHex(new Uint8Array(hkdfSync('sha256', key, new Uint8Array(0), info, 32)));
    expect([node(ikm, INFO_ENC), node(hexToBytes(x.linkKey), INFO_KEY_PROOF), node(ikm, INFO_PASS_PROOF)]).toEqual([
      x.encKey,
      x.keyProof,
      x.passProof,
    ]);
    const envelope = b64(x.envelope);
    const framed = referenceOpen(
      hexToBytes(x.encKey),
      envelope.subarray(1, 1 + NONCE_BYTES),
      Uint8Array.of(1),
      envelope.subarray(1 + NONCE_BYTES),
    );
    expect(framed && decodePayload(framed)).toEqual(text(x.text));
  });
});

describe('docs/wire-format.md §11', () => {
  const doc = readFileSync(new URL('../../../docs/wire-format.md', import.meta.url), 'utf8').replace(/\s+/g, '');
  const x = vectors[0]!;

  it('shows every value of the worked example as generated', () => {
    const values = [
      x.passwordUtf8,
      JSON.stringify(x.kdf),
      x.kdfParamsBytes,
      x.passKey,
      x.ikm,
      x.prk,
      x.encKey,
      x.keyProof,
      x.passProof,
      x.keyProofHashB64,
      x.passProofHashB64,
      x.keyProofB64,
      x.passProofB64,
      x.nonce,
      x.envelope,
    ];
    expect(values.filter((value) => !doc.includes(value))).toEqual([]);
  });
});
