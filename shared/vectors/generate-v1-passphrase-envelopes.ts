/**
 * Writes v1-passphrase-envelopes.json — ONCE. Like v1-envelopes.json the file is frozen:
 * src/testing/passphrase-vectors.test.ts proves every future build derives the same P from the
 * passphrase and the stored KDF parameters, opens these envelopes and re-seals them to identical bytes.
 * Re-running refuses to overwrite it; never pass --force for a format that has shipped.
 *
 *   node shared/vectors/generate-v1-passphrase-envelopes.ts            # write (first time only)
 *   node shared/vectors/generate-v1-passphrase-envelopes.ts --example  # print the docs/wire-format.md §11 example
 *
 * Inputs are deterministic (fixed K, salt and nonce). P is cross-checked against node:crypto's native
 * (OpenSSL) Argon2id, the subkeys against node:crypto's HKDF, the envelope against reference-xchacha.ts.
 */
import { argon2Sync, createHash, createHmac, hkdfSync } from 'node:crypto';
import { toBase64url } from '../src/wire/base64url.ts';
import { deriveSubkeys, proofHash } from '../src/crypto/crypto.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { checkKdfParams, encodeKdfParams, newKdfParams, type KdfCost } from '../src/wire/kdf-params.ts';
import { derivePassKeySync, normalizePassphrase } from '../src/crypto/passphrase.ts';
import { encodePayload, type Payload } from '../src/wire/payload.ts';
import { sealPushWithPassKey } from '../src/crypto/push.ts';
import { INFO_ENC, INFO_KEY_PROOF, INFO_PASS_PROOF, NONCE_BYTES, WIRE_VERSION } from '../src/wire/wire-constants.ts';
import { referenceOpen } from './reference-xchacha.ts';
import { writeFrozenVectors } from './write-frozen.ts';

const OUT = new URL('./v1-passphrase-envelopes.json', import.meta.url);

const seq = (start: number, n: number) => Uint8Array.from({ length: n }, (_, i) => start + i);
const seeded = (label: string, n: number) =>
  new Uint8Array(createHash('sha256').update(`zkpush/v1/test-vector/${label}`).digest()).subarray(0, n);
const utf8 = (s: string) => new TextEncoder().encode(s);

type Input = {
  name: string;
  comment: string;
  text: string;
  passphrase: string;
  cost: KdfCost;
  linkKey?: Uint8Array;
  salt?: Uint8Array;
  nonce?: Uint8Array;
};
const INPUTS: Input[] = [
  {
    name: 'default-params',
    comment:
      'The worked example in docs/wire-format.md §11. Same K, nonce and text as v1-envelopes.json short-password; ' +
      'salt = 40..4f; the default Argon2id cost when v1 passphrases shipped (m = 65536 KiB, t = 2, p = 1).',
    text: 'correct horse battery staple',
    passphrase: 'Tr0ub4dor&3',
    cost: { m: 65536, t: 2, p: 1 },
    linkKey: seq(0x00, 32),
    nonce: seq(0x20, NONCE_BYTES),
    salt: seq(0x40, 16),
  },
  {
    name: 'unicode-passphrase-nfd',
    comment:
      'A passphrase stored here NOT in NFC (e + U+0301, OHM SIGN U+2126, A + U+030A, o + U+0308) plus an emoji: ' +
      'NFC normalisation happens before Argon2id, so passwordUtf8 differs from passphraseUtf8. ' +
      'Cost: the accepted minimum (m = 19456 KiB, t = 2, p = 1).',
    text: 'Pässwörd 🔑 密码',
    passphrase: 'Cafe\u0301 \u2126hm A\u030Angstro\u0308m 🔑',
    cost: { m: 19456, t: 2, p: 1 },
  },
  {
    name: 'non-default-cost',
    comment: 'm = 20480 KiB, t = 3: the parameters in the metadata are what count, not the current default.',
    text: 'hunter2',
    passphrase: 'four random words here',
    cost: { m: 20480, t: 3, p: 1 },
  },
];

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`cross-check failed: ${what}`);
}

function build(input: Input) {
  const linkKey = input.linkKey ?? seeded(`${input.name}/link-key`, 32);
  const nonce = input.nonce ?? seeded(`${input.name}/nonce`, NONCE_BYTES);
  const salt = input.salt ?? seeded(`${input.name}/salt`, 16);
  const kdf = newKdfParams(input.cost, salt);
  const checked = checkKdfParams(kdf);
  if (checked.kind !== 'ok') throw new Error(checked.message);
  const derived = derivePassKeySync(input.passphrase, kdf);
  if (derived.kind !== 'ok') throw new Error(derived.message);
  const passKey = derived.passKey;
  const password = normalizePassphrase(input.passphrase);

  const native = argon2Sync('argon2id', {
    message: password,
    nonce: salt,
    memory: input.cost.m,
    passes: input.cost.t,
    parallelism: input.cost.p,
    tagLength: 32,
  });
  check(bytesToHex(new Uint8Array(native)) === bytesToHex(passKey), `${input.name}: node:crypto Argon2id agrees`);
  const nfcAgain = derivePassKeySync(input.passphrase.normalize('NFC'), kdf);
  check(
    nfcAgain.kind === 'ok' && bytesToHex(nfcAgain.passKey) === bytesToHex(passKey),
    `${input.name}: NFC form agrees`,
  );

  const payload: Payload = { v: 1, kind: 'text', text: input.text };
  const sealed = sealPushWithPassKey(payload, linkKey, passKey, kdf, { nonce });
  const keys = deriveSubkeys(linkKey, passKey);
  const ikm = new Uint8Array([...linkKey, ...passKey]);
  for (const [info, key, ikmUsed] of [
    [INFO_ENC, keys.encKey, ikm],
    [INFO_KEY_PROOF, keys.keyProof, linkKey],
    [INFO_PASS_PROOF, keys.passProof, ikm],
  ] as const) {
    check(
      bytesToHex(new Uint8Array(hkdfSync('sha256', ikmUsed, new Uint8Array(0), info, 32))) === bytesToHex(key),
      info,
    );
  }
  const envelope = new Uint8Array(Buffer.from(sealed.request.envelope, 'base64url'));
  const framed = encodePayload(payload);
  const opened = referenceOpen(keys.encKey, nonce, Uint8Array.of(WIRE_VERSION), envelope.subarray(1 + NONCE_BYTES));
  check(opened !== undefined && bytesToHex(opened) === bytesToHex(framed), `${input.name}: reference XChaCha opens`);

  return {
    name: input.name,
    comment: input.comment,
    text: input.text,
    passphrase: input.passphrase,
    passphraseUtf8: bytesToHex(utf8(input.passphrase)),
    passwordUtf8: bytesToHex(password),
    kdf,
    kdfParamsBytes: bytesToHex(encodeKdfParams(checked)),
    passKey: bytesToHex(passKey),
    linkKey: bytesToHex(linkKey),
    linkFragment: toBase64url(linkKey),
    nonce: bytesToHex(nonce),
    ikm: bytesToHex(ikm),
    prk: bytesToHex(new Uint8Array(createHmac('sha256', new Uint8Array(0)).update(ikm).digest())),
    encKey: bytesToHex(keys.encKey),
    keyProof: bytesToHex(keys.keyProof),
    keyProofB64: toBase64url(keys.keyProof),
    keyProofHash: bytesToHex(proofHash(keys.keyProof)),
    keyProofHashB64: sealed.request.keyProofHash,
    passProof: bytesToHex(keys.passProof),
    passProofB64: toBase64url(keys.passProof),
    passProofHash: bytesToHex(proofHash(keys.passProof)),
    passProofHashB64: sealed.request.passphrase.passProofHash,
    envelopeLength: envelope.length,
    envelope: sealed.request.envelope,
  };
}

const wrap = (s: string, w = 64) => s.match(new RegExp(`.{1,${w}}`, 'g'))?.join('\n') ?? '';

function example(): string {
  const x = build(INPUTS[0]!);
  const request = {
    envelope: '…',
    keyProofHash: x.keyProofHashB64,
    passphrase: { kdf: x.kdf, passProofHash: x.passProofHashB64 },
  };
  const lines = [
    `passphrase                "${x.passphrase}"`,
    `UTF-8(NFC(passphrase))    ${x.passwordUtf8}`,
    `KDF metadata (public)     ${JSON.stringify(x.kdf)}`,
    `salt (hex)                ${bytesToHex(new Uint8Array(Buffer.from(x.kdf.salt, 'base64url')))}`,
    `canonical KDF params (§11.3, ${x.kdfParamsBytes.length / 2} bytes, not used on the wire in v1)`,
    wrap(x.kdfParamsBytes),
    `P = Argon2id(UTF-8(NFC(passphrase)), salt, m=${x.kdf.m}, t=${x.kdf.t}, p=${x.kdf.p}, v=0x13, T=32)`,
    `                          ${x.passKey}`,
    ``,
    `K (link key)              ${x.linkKey}`,
    `IKM = K ‖ P (64 bytes)`,
    wrap(x.ikm),
    `PRK = HMAC-SHA256(salt = "", IKM)`,
    `                          ${x.prk}`,
    `encKey    (IKM, info "zkpush/v1/enc")`,
    `                          ${x.encKey}`,
    `keyProof  (K alone, info "zkpush/v1/key-proof": unchanged by the passphrase)`,
    `                          ${x.keyProof}`,
    `passProof (IKM, info "zkpush/v1/pass-proof")`,
    `                          ${x.passProof}`,
    `keyProofHash  = SHA-256(keyProof)   ${x.keyProofHashB64}`,
    `passProofHash = SHA-256(passProof)  ${x.passProofHashB64}`,
    `keyProof  (base64url, at reveal)    ${x.keyProofB64}`,
    `passProof (base64url, at reveal)    ${x.passProofB64}`,
    ``,
    `nonce                     ${x.nonce}`,
    `envelope (${x.envelopeLength} bytes), base64url:`,
    wrap(x.envelope),
    ``,
    `CreateSecretRequest body (envelope elided; views, expiresIn, flags as without a passphrase):`,
    JSON.stringify(request, null, 2),
  ];
  return '```text\n' + lines.join('\n') + '\n```\n';
}

if (process.argv.includes('--example')) {
  process.stdout.write(example());
} else {
  const vectors = INPUTS.map(build);
  const file = {
    description:
      'zkpush wire format v1 frozen passphrase test vectors (docs/wire-format.md §11). Generated once by ' +
      'generate-v1-passphrase-envelopes.ts; never edit: every future build must derive the same P, open these ' +
      'envelopes and re-seal them to identical bytes. Hex unless the field name ends in B64 or is ' +
      'envelope/linkFragment (unpadded base64url); kdf is the public metadata exactly as the API returns it; ' +
      'passphraseUtf8 is the passphrase as given, passwordUtf8 the Argon2id input (NFC).',
    wireVersion: WIRE_VERSION,
    vectors,
  };
  writeFrozenVectors(OUT, file);
}
