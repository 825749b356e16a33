/**
 * Writes v1-envelopes.json — ONCE. The file is frozen: src/testing/vectors.test.ts proves every future build
 * still opens these envelopes and re-seals them to identical bytes, so links already sent keep
 * working. Re-running refuses to overwrite it; never pass --force for a format that has shipped.
 *
 *   node shared/vectors/generate-v1-envelopes.ts            # write the vectors (first time only)
 *   node shared/vectors/generate-v1-envelopes.ts --example  # print the docs/wire-format.md example
 *
 * Inputs are deterministic (fixed K and nonces through the sealPush nonce seam); every value is
 * cross-checked against node:crypto (HKDF, HMAC) and the reference XChaCha20-Poly1305 before writing.
 */
import { createHash, createHmac, hkdfSync } from 'node:crypto';
import { toBase64url } from '../src/wire/base64url.ts';
import { deriveSubkeys, proofHash } from '../src/crypto/crypto.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodePayload, type Payload } from '../src/wire/payload.ts';
import { sealPush } from '../src/crypto/push.ts';
import { INFO_ENC, INFO_KEY_PROOF, INFO_PASS_PROOF, NONCE_BYTES, WIRE_VERSION } from '../src/wire/wire-constants.ts';
import { hchacha20, innerNonce, referenceOpen } from './reference-xchacha.ts';
import { writeFrozenVectors } from './write-frozen.ts';

const OUT = new URL('./v1-envelopes.json', import.meta.url);

const seq = (start: number, n: number) => Uint8Array.from({ length: n }, (_, i) => start + i);
const seeded = (label: string, n: number) =>
  new Uint8Array(createHash('sha256').update(`zkpush/v1/test-vector/${label}`).digest()).subarray(0, n);
const filler = (n: number) => {
  const words = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor'.split(' ');
  let s = '';
  for (let i = 0; s.length < n; i++) s += (i ? ' ' : '') + words[i % words.length];
  return s.slice(0, n);
};

type Input = { name: string; comment: string; text: string; linkKey?: Uint8Array; nonce?: Uint8Array };
const INPUTS: Input[] = [
  {
    name: 'short-password',
    comment: 'The worked example in docs/wire-format.md. K = 00..1f, nonce = 20..37.',
    text: 'correct horse battery staple',
    linkKey: seq(0x00, 32),
    nonce: seq(0x20, NONCE_BYTES),
  },
  { name: 'empty', comment: 'Empty text: still a full 512-byte frame.', text: '' },
  {
    name: 'unicode',
    comment: 'Non-ASCII, emoji, JSON escapes (quote, backslash, tab, newline, NUL) and an unnormalised e + U+0301.',
    text: 'Pässwörd 🔑 密码 — "quoted", back\\slash, tab\t, newline\n, nul\u0000, e\u0301',
  },
  { name: 'bucket-edge-512', comment: '477 ASCII chars: 4 + 508 = 512, zero padding bytes.', text: filler(477) },
  { name: 'bucket-edge-513', comment: '478 ASCII chars: 4 + 509 = 513 bytes, Padmé pads to 544.', text: filler(478) },
  {
    name: 'second-bucket-2kib',
    comment: '2048 ASCII chars: 4 + 2079 = 2083 bytes, Padmé pads to 2176.',
    text: filler(2048),
  },
];

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`cross-check failed: ${what}`);
}

function build(input: Input) {
  const linkKey = input.linkKey ?? seeded(`${input.name}/link-key`, 32);
  const nonce = input.nonce ?? seeded(`${input.name}/nonce`, NONCE_BYTES);
  const payload: Payload = { v: 1, kind: 'text', text: input.text };
  const sealed = sealPush(payload, linkKey, { nonce });
  const keys = deriveSubkeys(linkKey);
  const framed = encodePayload(payload);
  const jsonLength = new DataView(framed.buffer).getUint32(0, false);
  const envelope = Buffer.from(sealed.request.envelope, 'base64url');

  // Independent implementations agree with ours.
  const prk = new Uint8Array(createHmac('sha256', new Uint8Array(0)).update(linkKey).digest());
  for (const [info, key] of [
    [INFO_ENC, keys.encKey],
    [INFO_KEY_PROOF, keys.keyProof],
    [INFO_PASS_PROOF, keys.passProof],
  ] as const) {
    check(
      bytesToHex(new Uint8Array(hkdfSync('sha256', linkKey, new Uint8Array(0), info, 32))) === bytesToHex(key),
      info,
    );
  }
  const body = new Uint8Array(envelope.subarray(1 + NONCE_BYTES));
  const opened = referenceOpen(keys.encKey, nonce, Uint8Array.of(WIRE_VERSION), body);
  check(opened !== undefined && bytesToHex(opened) === bytesToHex(framed), `${input.name}: reference XChaCha opens`);
  check(
    bytesToHex(createHash('sha256').update(keys.keyProof).digest()) === bytesToHex(proofHash(keys.keyProof)),
    'sha256',
  );

  return {
    vector: {
      name: input.name,
      comment: input.comment,
      text: input.text,
      linkKey: bytesToHex(linkKey),
      linkFragment: toBase64url(linkKey),
      nonce: bytesToHex(nonce),
      prk: bytesToHex(prk),
      encKey: bytesToHex(keys.encKey),
      keyProof: bytesToHex(keys.keyProof),
      keyProofB64: toBase64url(keys.keyProof),
      keyProofHash: bytesToHex(proofHash(keys.keyProof)),
      keyProofHashB64: sealed.request.keyProofHash,
      passProof: bytesToHex(keys.passProof),
      payloadJson: new TextDecoder().decode(framed.subarray(4, 4 + jsonLength)),
      jsonLength,
      framedLength: framed.length,
      envelopeLength: envelope.length,
      envelope: sealed.request.envelope,
    },
    extra: { framed, body, hchacha: hchacha20(keys.encKey, nonce.subarray(0, 16)), inner: innerNonce(nonce) },
  };
}

const wrap = (s: string, w = 64) => s.match(new RegExp(`.{1,${w}}`, 'g'))?.join('\n') ?? '';

function example(): string {
  const { vector: x, extra } = build(INPUTS[0]!);
  const padding = x.framedLength - 4 - x.jsonLength;
  const lines = [
    `K (link key)              ${x.linkKey}`,
    `fragment (base64url K)    ${x.linkFragment}`,
    `IKM = K ‖ P (P empty)     ${x.linkKey}`,
    `PRK = HMAC-SHA256(salt = "", IKM)`,
    `                          ${x.prk}`,
    `encKey   (info 7a6b707573682f76312f656e63)`,
    `                          ${x.encKey}`,
    `keyProof (info 7a6b707573682f76312f6b65792d70726f6f66, IKM = K)`,
    `                          ${x.keyProof}`,
    `keyProofHash = SHA-256(keyProof)`,
    `                          ${x.keyProofHash}`,
    `passProof (info 7a6b707573682f76312f706173732d70726f6f66, reserved)`,
    `                          ${x.passProof}`,
    `keyProof     (base64url)  ${x.keyProofB64}`,
    `keyProofHash (base64url)  ${x.keyProofHashB64}`,
    ``,
    `payload JSON (${x.jsonLength} bytes)  ${x.payloadJson}`,
    `framed = u32be(${x.jsonLength}) ‖ JSON ‖ 0x00 × ${padding}  (${x.framedLength} bytes); first ${4 + x.jsonLength} bytes:`,
    wrap(bytesToHex(extra.framed.subarray(0, 4 + x.jsonLength))),
    ``,
    `nonce                     ${x.nonce}`,
    `AAD                       01`,
    `HChaCha20(encKey, nonce[0..16])  (XChaCha internals, draft-irtf-cfrg-xchacha-03 §2.3)`,
    `                          ${bytesToHex(extra.hchacha)}`,
    `ChaCha20-Poly1305 nonce   ${bytesToHex(extra.inner)}`,
    `tag (last 16 bytes)       ${bytesToHex(extra.body.subarray(extra.body.length - 16))}`,
    ``,
    `envelope = 01 ‖ nonce ‖ ciphertext ‖ tag  (${x.envelopeLength} bytes), hex:`,
    wrap(bytesToHex(Buffer.from(x.envelope, 'base64url'))),
    ``,
    `envelope, base64url as sent in CreateSecretRequest.envelope (${x.envelope.length} chars):`,
    wrap(x.envelope),
  ];
  return '```text\n' + lines.join('\n') + '\n```\n';
}

if (process.argv.includes('--example')) {
  process.stdout.write(example());
} else {
  const vectors = INPUTS.map((i) => build(i).vector);
  const file = {
    description:
      'zkpush wire format v1 frozen test vectors (docs/wire-format.md). Generated once by generate-v1-envelopes.ts; ' +
      'never edit: every future build must open these envelopes and re-seal them to identical bytes. ' +
      'Hex unless the field name ends in B64 or is envelope/linkFragment (unpadded base64url).',
    wireVersion: WIRE_VERSION,
    vectors,
  };
  writeFrozenVectors(OUT, file);
}
