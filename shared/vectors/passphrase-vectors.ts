/**
 * Typed loader for the frozen v1-passphrase-envelopes.json (written by
 * generate-v1-passphrase-envelopes.ts), shared by the tests that check it.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { KdfParams } from '../src/wire/kdf-params.ts';

const Hex = v.pipe(v.string(), v.regex(/^([0-9a-f]{2})*$/));
const B64 = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]*$/));

export const PassphraseVector = v.strictObject({
  name: v.string(),
  comment: v.string(),
  text: v.string(),
  passphrase: v.string(),
  passphraseUtf8: Hex,
  passwordUtf8: Hex,
  kdf: KdfParams,
  kdfParamsBytes: Hex,
  passKey: Hex,
  linkKey: Hex,
  linkFragment: B64,
  nonce: Hex,
  ikm: Hex,
  prk: Hex,
  encKey: Hex,
  keyProof: Hex,
  keyProofB64: B64,
  keyProofHash: Hex,
  keyProofHashB64: B64,
  passProof: Hex,
  passProofB64: B64,
  passProofHash: Hex,
  passProofHashB64: B64,
  envelopeLength: v.number(),
  envelope: B64,
});
export type PassphraseVector = v.InferOutput<typeof PassphraseVector>;

const VectorFile = v.strictObject({
  description: v.string(),
  wireVersion: v.literal(1),
  vectors: v.array(PassphraseVector),
});

export function loadPassphraseVectors(): PassphraseVector[] {
  const text = readFileSync(new URL('./v1-passphrase-envelopes.json', import.meta.url), 'utf8');
  return v.parse(VectorFile, JSON.parse(text)).vectors;
}
