import { argon2id } from '@noble/hashes/argon2.js';
import { describe, expect, it } from 'vitest';
import { toBase64url } from '../wire/base64url.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { KDF_FLOOR, type KdfParams } from '../wire/kdf-params.ts';
import { derivePassKey, derivePassKeySync, normalizePassphrase } from './passphrase.ts';
import { loadPassphraseVectors } from '../../vectors/passphrase-vectors.ts';

// Argon2id at real cost takes ~0.3-1 s here; the generous timeout only keeps a busy CI box from failing.
const SLOW = 30_000;
const SALT = toBase64url(Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i));
// The cheapest accepted cost keeps these tests quick; the frozen vectors cover the default.
const kdf: KdfParams = { alg: 'argon2id', v: 19, ...KDF_FLOOR, salt: SALT };

describe('Argon2id primitive (@noble/hashes)', () => {
  it('matches RFC 9106 §5.3 (Argon2id test vector, with secret and associated data)', () => {
    const tag = argon2id(new Uint8Array(32).fill(0x01), new Uint8Array(16).fill(0x02), {
      t: 3,
      m: 32,
      p: 4,
      version: 0x13,
      dkLen: 32,
      key: new Uint8Array(8).fill(0x03), // RFC 9106 "secret" K
      personalization: new Uint8Array(12).fill(0x04), // RFC 9106 "associated data" X
    });
    expect(bytesToHex(tag)).toBe('0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659');
  });
});

describe('normalizePassphrase', () => {
  it('maps composed and decomposed forms to the same NFC UTF-8 bytes', () => {
    expect(normalizePassphrase('\u00e9')).toEqual(normalizePassphrase('e\u0301'));
    expect(bytesToHex(normalizePassphrase('e\u0301'))).toBe('c3a9');
    expect(normalizePassphrase('\u2126')).toEqual(normalizePassphrase('\u03a9')); // OHM SIGN → OMEGA
    expect(normalizePassphrase('A\u030angstro\u0308m')).toEqual(normalizePassphrase('\u00c5ngstr\u00f6m'));
  });

  it('keeps everything else: case, spaces, compatibility characters', () => {
    expect(bytesToHex(normalizePassphrase(' Ab '))).toBe('20416220');
    expect(normalizePassphrase('ﬁ')).not.toEqual(normalizePassphrase('fi')); // NFC, not NFKC
    expect(normalizePassphrase('')).toHaveLength(0);
  });
});

describe('derivePassKey', () => {
  const nfd = loadPassphraseVectors().find((x) => x.name === 'unicode-passphrase-nfd')!;

  it(
    'gives the frozen P for the composed (NFC) spelling of a decomposed passphrase',
    async () => {
      const composed = nfd.passphrase.normalize('NFC');
      expect(composed).not.toBe(nfd.passphrase);
      const r = await derivePassKey(composed, nfd.kdf);
      expect(r.kind === 'ok' && bytesToHex(r.passKey)).toBe(nfd.passKey);
    },
    SLOW,
  );

  it(
    'reports progress monotonically, at most once per percent, ending at 1; sync and async agree',
    async () => {
      const seen: number[] = [];
      const r = await derivePassKey('hunter2', kdf, { onProgress: (f) => seen.push(f), asyncTick: 5 });
      expect(seen.length).toBeGreaterThan(10);
      expect(seen.length).toBeLessThanOrEqual(101);
      expect(seen.every((f, i) => f > 0 && f <= 1 && (i === 0 || f > seen[i - 1]!))).toBe(true);
      expect(seen.at(-1)).toBe(1);
      const s = derivePassKeySync('hunter2', kdf);
      expect(r.kind === 'ok' && s.kind === 'ok' && bytesToHex(r.passKey) === bytesToHex(s.passKey)).toBe(true);
      expect(r.kind === 'ok' && r.passKey).toHaveLength(32);
    },
    SLOW,
  );

  it('refuses parameters outside the bounds at once, without running Argon2id or reporting progress', async () => {
    const progress: number[] = [];
    for (const bad of [
      { ...kdf, m: 1024 },
      { ...kdf, t: 1 },
      { ...kdf, p: 4 },
      { ...kdf, m: 4 * 1024 * 1024 },
      { ...kdf, t: 1000 },
      { ...kdf, salt: toBase64url(new Uint8Array(8)) },
      { ...kdf, alg: 'argon2d' },
    ]) {
      const r = await derivePassKey('x', bad, { onProgress: (f) => progress.push(f) });
      expect(r.kind).toBe('bad_kdf');
      expect(derivePassKeySync('x', bad).kind).toBe('bad_kdf');
    }
    expect(progress).toEqual([]);
    expect(derivePassKeySync('x', { ...kdf, m: 4 * 1024 * 1024 })).toMatchObject({ problem: 'too_costly' });
    expect(derivePassKeySync('x', { ...kdf, m: 1024 })).toMatchObject({ problem: 'too_weak' });
  });

  it('a bad_kdf message never contains the passphrase', async () => {
    const r = await derivePassKey('my secret passphrase', { ...kdf, t: 0 });
    expect(JSON.stringify(r)).not.toContain('secret');
  });

  it('is plain Argon2id of the NFC bytes (no secret, no associated data)', () => {
    // Cheap parameters through noble directly: the same construction derivePassKey uses at real cost.
    const salt = hexToBytes('404142434445464748494a4b4c4d4e4f');
    const direct = argon2id(normalizePassphrase('e\u0301'), salt, { m: 64, t: 2, p: 1, dkLen: 32 });
    const composed = argon2id(new TextEncoder().encode('\u00e9'), salt, { m: 64, t: 2, p: 1, dkLen: 32 });
    expect(bytesToHex(direct)).toBe(bytesToHex(composed));
  });
});
