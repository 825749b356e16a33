/**
 * Public Argon2id parameters of a passphrase push (docs/wire-format.md §11, docs/security.md
 * "Passphrases"): `{ alg: 'argon2id', v: 19, m, t, p, salt }`, chosen by the creating client, stored by
 * the server and returned with the push metadata.
 *
 * The server could lie about them. Integrity needs no signature: they are Argon2id inputs (RFC 9106 §3.2
 * hashes p, T, m, t, v and the salt into H0), so altered parameters give a different P and the envelope
 * fails to open. What the server could still do is *choose* them — cheap ones, so that a recipient's
 * passProof becomes cheap to attack offline, or huge ones, so that the recipient's browser hangs or runs
 * out of memory. So the client accepts only parameters inside [KDF_FLOOR, KDF_CEILING] and refuses
 * everything else with a tagged `bad_kdf` result before running Argon2id.
 */
import * as v from 'valibot';
import { BASE64URL_PATTERN, encodedLength, fromBase64url, toBase64url } from './base64url.ts';
import { randomBytes } from '../crypto/random.ts';
import { ARGON2_VERSION, KDF_ALG, KDF_SALT_BYTES, PASS_KEY_BYTES } from './wire-constants.ts';

/** Argon2id cost: m = memory in KiB, t = passes, p = lanes (RFC 9106 §3.1). */
export type KdfCost = { m: number; t: number; p: number };

/**
 * What a new push uses: 64 MiB, 2 passes, 1 lane — the largest memory that stays within the ≈1 s
 * budget in Chromium on this project's slow 2-core build box (measured in docs/security.md
 * "Passphrases", with shared/vectors/measure-argon2.ts). Changing it affects new pushes only: every
 * push carries its own parameters, and the frozen vectors pin the old ones.
 */
export const KDF_DEFAULT_COST: Readonly<KdfCost> = Object.freeze({ m: 65536, t: 2, p: 1 });

/**
 * Weakest cost a client accepts (from a server or a caller): OWASP's Password Storage Cheat Sheet
 * minimum for Argon2id, 19 MiB, 2 passes, 1 lane. Deliberately below the default, so a later client
 * may pick a cheaper default (e.g. for phones) without older clients refusing its pushes.
 */
export const KDF_FLOOR: Readonly<KdfCost> = Object.freeze({ m: 19456, t: 2, p: 1 });

/**
 * Largest cost a client agrees to run: 256 MiB of memory, 10 passes, and at most 1 GiB of block writes
 * in total (m · t ≤ 1 048 576 KiB: 8× the default, 27× the floor) so a hostile server cannot make a phone
 * run out of memory or a page spin for minutes. p is fixed at 1: pure-JS Argon2 runs lanes one after the
 * other in one thread, so more lanes would cost the honest client time and the attacker nothing extra.
 */
export const KDF_CEILING: Readonly<KdfCost & { work: number }> = Object.freeze({
  m: 262144,
  t: 10,
  p: 1,
  work: 1048576,
});

const Int = (what: string) => v.pipe(v.number(`${what} must be a number`), v.integer(`${what} must be an integer`));

/**
 * Shape of the KDF metadata on the wire. Shape only: a client parsing a response must still call
 * checkKdfParams (it returns `bad_kdf` with a reason the UI can show); a server validating a create
 * request uses AcceptedKdfParams, which adds the same bounds.
 */
export const KdfParams = v.strictObject({
  alg: v.pipe(v.string('kdf.alg must be a string'), v.maxLength(32, 'kdf.alg is too long')),
  v: Int('kdf.v'),
  m: Int('kdf.m'),
  t: Int('kdf.t'),
  p: Int('kdf.p'),
  salt: v.pipe(
    v.string('kdf.salt must be a string'),
    v.maxLength(encodedLength(64), 'kdf.salt is too long'),
    v.regex(BASE64URL_PATTERN, 'kdf.salt must be unpadded base64url'),
  ),
});
export type KdfParams = v.InferOutput<typeof KdfParams>;

export type KdfProblem = 'malformed' | 'unsupported' | 'too_weak' | 'too_costly';
/** Why a client refuses a set of KDF parameters. `message` names the parameter, never a secret. */
export type BadKdf = { kind: 'bad_kdf'; problem: KdfProblem; message: string };
export type CheckedKdf = { kind: 'ok'; cost: KdfCost; salt: Uint8Array };

const bad = (problem: KdfProblem, message: string): BadKdf => ({ kind: 'bad_kdf', problem, message });

/** The client-side gate: run Argon2id only on parameters this returns `ok` for. */
export function checkKdfParams(kdf: KdfParams): CheckedKdf | BadKdf {
  if (kdf.alg !== KDF_ALG || kdf.v !== ARGON2_VERSION) {
    return bad('unsupported', `unsupported passphrase KDF ${kdf.alg} version ${kdf.v}`);
  }
  const { m, t, p } = kdf;
  if (![m, t, p].every(Number.isSafeInteger)) return bad('malformed', 'KDF costs must be integers');
  const salt = fromBase64url(kdf.salt);
  if (!salt || salt.length !== KDF_SALT_BYTES) {
    return bad('malformed', `the KDF salt must be ${KDF_SALT_BYTES} bytes as unpadded base64url`);
  }
  if (p !== 1) return bad('unsupported', `KDF parallelism must be 1, got ${p}`);
  if (m < KDF_FLOOR.m || t < KDF_FLOOR.t) {
    return bad('too_weak', `KDF cost m=${m} t=${t} is below the minimum m=${KDF_FLOOR.m} t=${KDF_FLOOR.t}`);
  }
  if (m > KDF_CEILING.m || t > KDF_CEILING.t || m * t > KDF_CEILING.work) {
    return bad(
      'too_costly',
      `KDF cost m=${m} t=${t} exceeds the maximum m=${KDF_CEILING.m} t=${KDF_CEILING.t} m·t=${KDF_CEILING.work}`,
    );
  }
  return { kind: 'ok', cost: { m, t, p }, salt };
}

/** KdfParams plus the bounds, for a server validating `CreateSecretRequest` (invalid → 400). */
export const AcceptedKdfParams = v.pipe(
  KdfParams,
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const checked = checkKdfParams(dataset.value);
    if (checked.kind !== 'ok') addIssue({ message: checked.message });
  }),
);

/**
 * Fresh parameters for a new push: the given cost (default KDF_DEFAULT_COST) and a random 16-byte salt.
 * `salt` is a seam for the frozen vectors. Throws RangeError for a cost outside the accepted range —
 * a caller bug, since a push sealed with it could never be opened by a conforming client.
 */
export function newKdfParams(cost: KdfCost = KDF_DEFAULT_COST, salt = randomBytes(KDF_SALT_BYTES)): KdfParams {
  const kdf = { alg: KDF_ALG, v: ARGON2_VERSION, m: cost.m, t: cost.t, p: cost.p, salt: toBase64url(salt) };
  const checked = checkKdfParams(kdf);
  if (checked.kind !== 'ok') throw new RangeError(checked.message);
  return kdf;
}

/** Length of encodeKdfParams' output. */
export const KDF_PARAMS_ENCODED_BYTES = 1 + KDF_ALG.length + 5 * 4 + 1 + KDF_SALT_BYTES;

/**
 * Canonical bytes of checked parameters (docs/wire-format.md §11.3):
 * `u8(len alg) ‖ alg ‖ u32be(v) ‖ u32be(m) ‖ u32be(t) ‖ u32be(p) ‖ u32be(T = 32) ‖ u8(len salt) ‖ salt`.
 * v1 does not put it on the wire or in the AAD (the parameters are bound through P); it is defined so a
 * later version can authenticate them as a public header without inventing an encoding then.
 */
export function encodeKdfParams(checked: Pick<CheckedKdf, 'cost' | 'salt'>): Uint8Array {
  if (checked.salt.length !== KDF_SALT_BYTES) throw new RangeError(`salt must be ${KDF_SALT_BYTES} bytes`);
  const out = new Uint8Array(KDF_PARAMS_ENCODED_BYTES);
  const view = new DataView(out.buffer);
  let o = 0;
  out[o++] = KDF_ALG.length;
  for (let i = 0; i < KDF_ALG.length; i++) out[o++] = KDF_ALG.charCodeAt(i);
  for (const word of [ARGON2_VERSION, checked.cost.m, checked.cost.t, checked.cost.p, PASS_KEY_BYTES]) {
    view.setUint32(o, word, false);
    o += 4;
  }
  out[o++] = checked.salt.length;
  out.set(checked.salt, o);
  return out;
}
