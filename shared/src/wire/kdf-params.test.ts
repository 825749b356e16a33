import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from './base64url.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  AcceptedKdfParams,
  checkKdfParams,
  encodeKdfParams,
  KDF_CEILING,
  KDF_DEFAULT_COST,
  KDF_FLOOR,
  KDF_PARAMS_ENCODED_BYTES,
  KdfParams,
  newKdfParams,
  type KdfProblem,
} from './kdf-params.ts';

const SALT = toBase64url(Uint8Array.from({ length: 16 }, (_, i) => 0x40 + i));
const base: KdfParams = { alg: 'argon2id', v: 19, m: 19456, t: 2, p: 1, salt: SALT };

describe('checkKdfParams', () => {
  it('accepts the floor, the ceiling and the default', () => {
    for (const cost of [KDF_FLOOR, KDF_DEFAULT_COST, { m: KDF_CEILING.m, t: 4, p: 1 }, { m: 65536, t: 10, p: 1 }]) {
      const r = checkKdfParams({ ...base, ...cost });
      expect(r).toEqual({ kind: 'ok', cost: { m: cost.m, t: cost.t, p: cost.p }, salt: fromBase64url(SALT) });
    }
  });

  it.each<[string, Partial<KdfParams>, KdfProblem]>([
    ['another algorithm', { alg: 'argon2i' }, 'unsupported'],
    ['scrypt', { alg: 'scrypt' }, 'unsupported'],
    ['Argon2 version 0x10', { v: 16 }, 'unsupported'],
    ['two lanes', { p: 2 }, 'unsupported'],
    ['zero lanes', { p: 0 }, 'unsupported'],
    ['m one below the floor', { m: 19455 }, 'too_weak'],
    ['one pass', { t: 1 }, 'too_weak'],
    ['tiny memory', { m: 8, t: 3 }, 'too_weak'],
    ['negative memory', { m: -1 }, 'too_weak'],
    ['m above 256 MiB', { m: 262145 }, 'too_costly'],
    ['eleven passes', { t: 11 }, 'too_costly'],
    ['m · t above 1 GiB of writes', { m: 262144, t: 5 }, 'too_costly'],
    ['absurd memory', { m: 2 ** 40 }, 'too_costly'],
    ['fractional memory', { m: 19456.5 }, 'malformed'],
    ['NaN passes', { t: NaN }, 'malformed'],
    ['15-byte salt', { salt: toBase64url(new Uint8Array(15)) }, 'malformed'],
    ['17-byte salt', { salt: toBase64url(new Uint8Array(17)) }, 'malformed'],
    ['empty salt', { salt: '' }, 'malformed'],
    ['padded salt', { salt: SALT + '==' }, 'malformed'],
    ['non-canonical salt', { salt: SALT.slice(0, -1) + 'x' }, 'malformed'],
  ])('refuses %s', (_what, change, problem) => {
    const r = checkKdfParams({ ...base, ...change });
    expect(r.kind).toBe('bad_kdf');
    expect(r).toMatchObject({ problem });
  });

  it('says what is wrong without echoing the salt', () => {
    const r = checkKdfParams({ ...base, m: 1024 });
    expect(r).toEqual({
      kind: 'bad_kdf',
      problem: 'too_weak',
      message: 'KDF cost m=1024 t=2 is below the minimum m=19456 t=2',
    });
    expect(JSON.stringify(checkKdfParams({ ...base, salt: SALT + 'AA' }))).not.toContain(SALT);
  });
});

describe('newKdfParams', () => {
  it('defaults to the default cost with a fresh 16-byte salt', () => {
    const a = newKdfParams();
    const b = newKdfParams();
    expect(a).toMatchObject({ alg: 'argon2id', v: 19, ...KDF_DEFAULT_COST });
    expect(fromBase64url(a.salt)).toHaveLength(16);
    expect(a.salt).not.toBe(b.salt);
    expect(v.safeParse(AcceptedKdfParams, a).success).toBe(true);
  });

  it('takes a cost and a fixed salt (the vector seam)', () => {
    expect(newKdfParams({ m: 65536, t: 3, p: 1 }, fromBase64url(SALT))).toEqual({ ...base, m: 65536, t: 3 });
  });

  it('throws for a cost nobody would open', () => {
    expect(() => newKdfParams({ m: 1024, t: 1, p: 1 })).toThrow(RangeError);
    expect(() => newKdfParams({ m: 19456, t: 2, p: 4 })).toThrow(RangeError);
    expect(() => newKdfParams(KDF_DEFAULT_COST, new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('schemas', () => {
  it('KdfParams checks shape only, so the client can report the problem itself', () => {
    expect(v.safeParse(KdfParams, { ...base, m: 8 }).success).toBe(true);
    expect(v.safeParse(KdfParams, { ...base, alg: 'balloon' }).success).toBe(true);
    for (const bad of [
      { ...base, extra: 1 },
      { ...base, m: '19456' },
      { ...base, t: 2.5 },
      { ...base, salt: 'not base64url!' },
      { ...base, salt: 'A'.repeat(90) },
      { ...base, alg: 'x'.repeat(33) },
      { alg: 'argon2id', v: 19, m: 19456, t: 2, p: 1 },
    ]) {
      expect(v.safeParse(KdfParams, bad).success).toBe(false);
    }
  });

  it('AcceptedKdfParams adds the bounds, for the server at create', () => {
    expect(v.safeParse(AcceptedKdfParams, base).success).toBe(true);
    const r = v.safeParse(AcceptedKdfParams, { ...base, t: 1 });
    expect(r.success).toBe(false);
    expect(r.issues?.[0]?.message).toBe('KDF cost m=19456 t=1 is below the minimum m=19456 t=2');
    expect(v.safeParse(AcceptedKdfParams, { ...base, t: '2' }).success).toBe(false);
  });
});

describe('encodeKdfParams (canonical bytes, docs/wire-format.md §11.3)', () => {
  const checked = (kdf: KdfParams) => {
    const r = checkKdfParams(kdf);
    if (r.kind !== 'ok') throw new Error(r.message);
    return r;
  };

  it('lays out alg, v, m, t, p, T and the salt big-endian and length-prefixed', () => {
    expect(bytesToHex(encodeKdfParams(checked(base)))).toBe(
      '08' +
        '6172676f6e326964' + // "argon2id"
        '00000013' + // v = 0x13
        '00004c00' + // m = 19456
        '00000002' + // t
        '00000001' + // p
        '00000020' + // T = 32
        '10' +
        '404142434445464748494a4b4c4d4e4f',
    );
    expect(KDF_PARAMS_ENCODED_BYTES).toBe(46);
  });

  it('changes whenever any parameter changes', () => {
    const variants = [
      base,
      { ...base, m: 19460 },
      { ...base, t: 3 },
      { ...base, salt: toBase64url(new Uint8Array(16)) },
      { ...base, m: 2 * 19456 },
    ].map((k) => bytesToHex(encodeKdfParams(checked(k))));
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('refuses a salt of the wrong size', () => {
    expect(() => encodeKdfParams({ cost: KDF_DEFAULT_COST, salt: new Uint8Array(15) })).toThrow(RangeError);
  });
});
