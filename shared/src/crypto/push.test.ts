import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { fromBase64url, toBase64url } from '../wire/base64url.ts';
import { deriveSubkeys, proofHash, sealEnvelope } from './crypto.ts';
import { CreateSecretRequest, RevealRequest } from '../wire/schemas.ts';
import {
  checkTextSize,
  EnvelopeTooLargeError,
  envelopeBytesFor,
  keyProofFor,
  openPush,
  sealPush,
  sealText,
} from './push.ts';
import { ENVELOPE_OVERHEAD } from '../wire/wire-constants.ts';

const MIB = 1024 * 1024;
const bytes = (b64: string): Uint8Array => {
  const b = fromBase64url(b64);
  if (!b) throw new Error('test produced invalid base64url');
  return b;
};

describe('sealText / openPush', () => {
  it('produces a valid CreateSecretRequest and opens back to the text', () => {
    const sealed = sealText('hunter2');
    expect(sealed.linkKey).toHaveLength(32);
    expect(v.safeParse(CreateSecretRequest, sealed.request).success).toBe(true);
    expect(openPush(sealed.linkKey, sealed.request.envelope)).toEqual({
      kind: 'ok',
      payload: { v: 1, kind: 'text', text: 'hunter2' },
    });
  });

  it('keyProofHash is SHA-256 of the keyProof presented at reveal', () => {
    const sealed = sealText('x');
    const keyProof = keyProofFor(sealed.linkKey);
    expect(v.safeParse(RevealRequest, { keyProof }).success).toBe(true);
    expect(toBase64url(proofHash(bytes(keyProof)))).toBe(sealed.request.keyProofHash);
  });

  it('uses a fresh key and nonce per push', () => {
    const a = sealText('same');
    const b = sealText('same');
    expect(toBase64url(a.linkKey)).not.toBe(toBase64url(b.linkKey));
    expect(a.request.envelope).not.toBe(b.request.envelope);
  });

  it('round-trips random unicode text, including the empty string (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constant(''), fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        const sealed = sealText(text);
        const opened = openPush(sealed.linkKey, sealed.request.envelope);
        return opened.kind === 'ok' && opened.payload.kind === 'text' && opened.payload.text === text;
      }),
      { numRuns: 100 },
    );
  });

  it('round-trips ~1 MiB texts (property, few runs)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }),
        fc.integer({ min: 256, max: 1024 }),
        (chunk, kib) => {
          const text = chunk.repeat(Math.ceil((kib * 1024) / chunk.length)).slice(0, kib * 1024);
          const sealed = sealText(text);
          const opened = openPush(sealed.linkKey, sealed.request.envelope);
          return opened.kind === 'ok' && opened.payload.kind === 'text' && opened.payload.text === text;
        },
      ),
      { numRuns: 3 },
    );
  });

  it('gives every short password the same envelope length', () => {
    const lengths = new Set(
      ['', 'a', 'hunter2', 'correct horse battery staple', 'ü'.repeat(200), 'x'.repeat(400)].map(
        (t) => sealText(t).request.envelope.length,
      ),
    );
    expect([...lengths]).toEqual([738]); // 553 bytes: 1 + 24 + 512 + 16
  });
});

describe('size limit', () => {
  // 1 MiB minus the 41-byte overhead leaves a 1 048 535-byte frame; the largest Padmé bucket that fits
  // is 63 × 16 384 = 1 032 192, i.e. 1 032 188 bytes of JSON: 31 of framing plus 1 032 157 ASCII chars.
  const fits = 'x'.repeat(1_032_157);
  const tooBig = fits + 'x';

  it('envelopeBytesFor predicts the sealed size', () => {
    for (const t of ['', 'abc', 'x'.repeat(5000)]) {
      expect(envelopeBytesFor({ v: 1, kind: 'text', text: t })).toBe(bytes(sealText(t).request.envelope).length);
    }
    expect(envelopeBytesFor({ v: 1, kind: 'text', text: fits })).toBe(ENVELOPE_OVERHEAD + 1_032_192);
  });

  it('checkTextSize is the tagged form of the limit', () => {
    expect(checkTextSize(fits, MIB)).toEqual({ kind: 'ok', envelopeBytes: 1_032_233 });
    expect(checkTextSize(tooBig, MIB)).toEqual({ kind: 'too_large', envelopeBytes: 41 + MIB, maxEnvelopeBytes: MIB });
  });

  it('sealText accepts the largest text that fits and throws EnvelopeTooLargeError past it', () => {
    expect(bytes(sealText(fits, { maxEnvelopeBytes: MIB }).request.envelope).length).toBeLessThanOrEqual(MIB);
    let caught: unknown;
    try {
      sealText(tooBig, { maxEnvelopeBytes: MIB });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(EnvelopeTooLargeError);
    expect(caught).toBeInstanceOf(RangeError);
    expect(caught).toMatchObject({ envelopeBytes: 41 + MIB, maxEnvelopeBytes: MIB });
  });

  it('without a max there is no limit', () => {
    expect(() => sealText(tooBig)).not.toThrow();
  });
});

describe('openPush failures', () => {
  const sealed = sealText('correct horse battery staple');
  const env = bytes(sealed.request.envelope);

  it('wrong key', () => {
    expect(openPush(new Uint8Array(32), sealed.request.envelope)).toEqual({ kind: 'wrong_key' });
    expect(openPush(new Uint8Array(31), sealed.request.envelope)).toEqual({ kind: 'wrong_key' });
  });

  it('not base64url', () => {
    for (const bad of [sealed.request.envelope + '=', sealed.request.envelope.replace(/[-_]/, '+'), 'a']) {
      expect(openPush(sealed.linkKey, bad).kind).toBe('corrupt');
    }
  });

  it('bit flips anywhere', () => {
    const positions = [0, 1, 24, 25, 100, env.length - 17, env.length - 1];
    for (const i of positions) {
      const bad = env.slice();
      bad[i]! ^= 0x10;
      const r = openPush(sealed.linkKey, toBase64url(bad));
      expect(r).toEqual(i === 0 ? { kind: 'unsupported_version', version: 0x11 } : { kind: 'wrong_key' });
    }
  });

  it('truncation', () => {
    expect(openPush(sealed.linkKey, toBase64url(env.subarray(0, 40)))).toEqual({
      kind: 'corrupt',
      message: 'the encrypted secret is truncated',
    });
    expect(openPush(sealed.linkKey, toBase64url(env.subarray(0, env.length - 1)))).toEqual({ kind: 'wrong_key' });
    expect(openPush(sealed.linkKey, '').kind).toBe('corrupt');
  });

  it('an authentic envelope whose payload is from the future', () => {
    const linkKey = new Uint8Array(32).fill(7);
    const json = new TextEncoder().encode('{"v":2,"kind":"text","text":"x"}');
    const framed = new Uint8Array(512);
    new DataView(framed.buffer).setUint32(0, json.length, false);
    framed.set(json, 4);
    const envelope = toBase64url(sealEnvelope(deriveSubkeys(linkKey).encKey, framed));
    expect(openPush(linkKey, envelope)).toEqual({ kind: 'corrupt', message: 'unsupported payload version 2' });
  });

  it('sealPush with a fixed nonce is deterministic (the frozen-vector seam)', () => {
    const linkKey = new Uint8Array(32).fill(1);
    const nonce = new Uint8Array(24).fill(2);
    const a = sealPush({ v: 1, kind: 'text', text: 'x' }, linkKey, { nonce });
    const b = sealPush({ v: 1, kind: 'text', text: 'x' }, linkKey, { nonce });
    expect(a).toEqual(b);
  });
});
