/**
 * Frozen wire-format v1 vectors (../vectors/v1-envelopes.json). If a test here fails, the change
 * breaks links that were already sent: fix the code, never the vectors.
 */
import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../wire/base64url.ts';
import { deriveSubkeys, proofHash } from '../crypto/crypto.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { parseFragment } from '../wire/link.ts';
import { decodePayload, encodePayload, type Payload } from '../wire/payload.ts';
import { keyProofFor, openPush, sealPush } from '../crypto/push.ts';
import { INFO_ENC, INFO_KEY_PROOF, INFO_PASS_PROOF, NONCE_BYTES } from '../wire/wire-constants.ts';
import { hchacha20, referenceOpen, referenceSeal } from '../../vectors/reference-xchacha.ts';

const Hex = v.pipe(v.string(), v.regex(/^([0-9a-f]{2})*$/));
const Vector = v.strictObject({
  name: v.string(),
  comment: v.string(),
  text: v.string(),
  linkKey: Hex,
  linkFragment: v.string(),
  nonce: Hex,
  prk: Hex,
  encKey: Hex,
  keyProof: Hex,
  keyProofB64: v.string(),
  keyProofHash: Hex,
  keyProofHashB64: v.string(),
  passProof: Hex,
  payloadJson: v.string(),
  jsonLength: v.number(),
  framedLength: v.number(),
  envelopeLength: v.number(),
  envelope: v.string(),
});
const VectorFile = v.strictObject({ description: v.string(), wireVersion: v.literal(1), vectors: v.array(Vector) });

const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');
const file = v.parse(VectorFile, JSON.parse(read('../../vectors/v1-envelopes.json')));
const b64 = (s: string) => fromBase64url(s) ?? new Uint8Array(0);
const cases = file.vectors.map((x) => [x.name, x] as const);

describe('frozen v1 envelopes', () => {
  it('cover empty, short, unicode, both sides of the first bucket edge and a second bucket', () => {
    expect(file.vectors.map((x) => x.name)).toEqual([
      'short-password',
      'empty',
      'unicode',
      'bucket-edge-512',
      'bucket-edge-513',
      'second-bucket-2kib',
    ]);
    expect(new Set(file.vectors.map((x) => x.framedLength))).toEqual(new Set([512, 544, 2176]));
  });

  it.each(cases)('%s: opens to the expected text', (_name, x) => {
    expect(openPush(hexToBytes(x.linkKey), x.envelope)).toEqual({
      kind: 'ok',
      payload: { v: 1, kind: 'text', text: x.text },
    });
  });

  it.each(cases)('%s: re-seals with the same K and nonce to identical bytes', (_name, x) => {
    const payload: Payload = { v: 1, kind: 'text', text: x.text };
    const sealed = sealPush(payload, hexToBytes(x.linkKey), { nonce: hexToBytes(x.nonce) });
    expect(sealed.request).toEqual({ envelope: x.envelope, keyProofHash: x.keyProofHashB64 });
  });

  it.each(cases)('%s: subkeys, proofs, link fragment and framing', (_name, x) => {
    const K = hexToBytes(x.linkKey);
    const keys = deriveSubkeys(K);
    expect(bytesToHex(keys.encKey)).toBe(x.encKey);
    expect(bytesToHex(keys.keyProof)).toBe(x.keyProof);
    expect(bytesToHex(keys.passProof)).toBe(x.passProof);
    expect(bytesToHex(proofHash(keys.keyProof))).toBe(x.keyProofHash);
    expect(toBase64url(hexToBytes(x.keyProofHash))).toBe(x.keyProofHashB64);
    expect(keyProofFor(K)).toBe(x.keyProofB64);
    expect(toBase64url(K)).toBe(x.linkFragment);
    expect(parseFragment(`#${x.linkFragment}`)).toEqual({ kind: 'ok', linkKey: K });

    const framed = encodePayload({ v: 1, kind: 'text', text: x.text });
    expect(framed).toHaveLength(x.framedLength);
    expect(new TextDecoder().decode(framed.subarray(4, 4 + x.jsonLength))).toBe(x.payloadJson);
    const envelope = b64(x.envelope);
    expect(envelope).toHaveLength(x.envelopeLength);
    expect(envelope[0]).toBe(1);
    expect(bytesToHex(envelope.subarray(1, 1 + NONCE_BYTES))).toBe(x.nonce);
  });
});

describe('interop: an independent implementation of the documented construction', () => {
  it('HChaCha20 matches draft-irtf-cfrg-xchacha-03 §2.2.1', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    expect(bytesToHex(hchacha20(key, hexToBytes('000000090000004a0000000031415927')))).toBe(
      '82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc',
    );
  });

  it.each(cases)('%s: node:crypto HKDF + HChaCha20 + ChaCha20-Poly1305 open it', (_name, x) => {
    const K = hexToBytes(x.linkKey);
    const node = (info: string) => bytesToHex(new Uint8Array(hkdfSync('sha256', K, new Uint8Array(0), info, 32)));
    expect([node(INFO_ENC), node(INFO_KEY_PROOF), node(INFO_PASS_PROOF)]).toEqual([x.encKey, x.keyProof, x.passProof]);
    const envelope = b64(x.envelope);
    const nonce = envelope.subarray(1, 1 + NONCE_BYTES);
    const framed = referenceOpen(hexToBytes(x.encKey), nonce, Uint8Array.of(1), envelope.subarray(1 + NONCE_BYTES));
    expect(framed).toBeDefined();
    expect(decodePayload(framed!)).toEqual({ kind: 'ok', payload: { v: 1, kind: 'text', text: x.text } });
    expect(bytesToHex(referenceSeal(hexToBytes(x.encKey), nonce, Uint8Array.of(1), framed!))).toBe(
      bytesToHex(envelope.subarray(1 + NONCE_BYTES)),
    );
  });
});

describe('docs/wire-format.md', () => {
  const doc = read('../../../docs/wire-format.md').replace(/\s+/g, '');
  const x = file.vectors[0]!;
  const envelope = b64(x.envelope);

  it('shows every intermediate value of the worked example as generated', () => {
    const hchacha = hchacha20(hexToBytes(x.encKey), hexToBytes(x.nonce).subarray(0, 16));
    for (const value of [
      x.linkKey,
      x.linkFragment,
      x.prk,
      x.encKey,
      x.keyProof,
      x.keyProofB64,
      x.keyProofHash,
      x.keyProofHashB64,
      x.passProof,
      x.nonce,
      bytesToHex(hchacha),
      bytesToHex(envelope),
      x.envelope,
    ]) {
      expect(doc).toContain(value);
    }
  });
});
