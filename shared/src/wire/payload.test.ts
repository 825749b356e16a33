import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePayload, encodePayload, framedLength, padme, paddedLength, type Payload } from './payload.ts';
import { MIN_BUCKET } from './wire-constants.ts';

const text = (t: string): Payload => ({ v: 1, kind: 'text', text: t });

/** Frames arbitrary JSON the way encodePayload would, to feed the decoder things no encoder makes. */
function frame(json: string | Uint8Array, total?: number): Uint8Array {
  const body = typeof json === 'string' ? new TextEncoder().encode(json) : json;
  const out = new Uint8Array(total ?? paddedLength(4 + body.length));
  new DataView(out.buffer).setUint32(0, body.length, false);
  out.set(body, 4);
  return out;
}

const malformed = (bytes: Uint8Array) => {
  const r = decodePayload(bytes);
  if (r.kind !== 'malformed') throw new Error(`expected malformed, got ${r.kind}`);
  return r.message;
};

describe('Padmé (PURBs, PETS 2019)', () => {
  it.each([
    [2, 2],
    [9, 10],
    [100, 104],
    [129, 144],
    [512, 512],
    [513, 544],
    [1000, 1024],
    [2083, 2176],
    [32769, 34816],
    [1_032_193, 1_048_576],
  ])('padme(%i) = %i', (n, expected) => {
    expect(padme(n)).toBe(expected);
  });

  it('never shrinks, is monotonic and idempotent, and overhead stays ≤ 12% (≤ 6.25% past 512)', () => {
    let prev = 0;
    for (let n = 2; n <= 1 << 17; n++) {
      const p = padme(n);
      if (p < n || p < prev) throw new Error(`shrinks or not monotonic at ${n}`);
      if ((p - n) / n > (n > MIN_BUCKET ? 0.0625 : 0.12)) throw new Error(`overhead too large at ${n}`);
      if (padme(p) !== p) throw new Error(`not idempotent at ${n}`);
      prev = p;
    }
  });

  it('leaks O(log log n) bits: lengths in [2^E, 2^(E+1)) take only 2^S + 1 values, S = ⌊log2 E⌋ + 1', () => {
    for (const e of [9, 12, 16, 19]) {
      const buckets = new Set<number>();
      for (let n = 2 ** e; n < 2 ** (e + 1); n++) buckets.add(padme(n));
      expect(buckets.size).toBe(2 ** (Math.floor(Math.log2(e)) + 1) + 1);
    }
  });

  it('paddedLength is ≥ MIN_BUCKET, ≥ n and monotonic (property)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 1 << 24 }), fc.nat({ max: 1 << 24 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return paddedLength(lo) >= MIN_BUCKET && paddedLength(lo) >= lo && paddedLength(lo) <= paddedLength(hi);
      }),
    );
  });

  it('rejects impossible lengths', () => {
    expect(() => padme(-1)).toThrow(RangeError);
    expect(() => padme(2 ** 32)).toThrow(RangeError);
    expect(() => padme(1.5)).toThrow(RangeError);
  });
});

describe('encodePayload / decodePayload', () => {
  it('frames as u32be length ‖ JSON ‖ zero padding', () => {
    const framed = encodePayload(text('hunter2'));
    const json = '{"v":1,"kind":"text","text":"hunter2"}';
    expect(framed).toHaveLength(512);
    expect(new DataView(framed.buffer).getUint32(0, false)).toBe(json.length);
    expect(new TextDecoder().decode(framed.subarray(4, 4 + json.length))).toBe(json);
    expect(framed.subarray(4 + json.length).every((b) => b === 0)).toBe(true);
    expect(framedLength(text('hunter2'))).toBe(512);
  });

  it('serialises with a fixed key order and no extra properties', () => {
    const sneaky = { text: 'x', kind: 'text', v: 1, secretField: 'leak' } as Payload;
    expect(encodePayload(sneaky)).toEqual(encodePayload(text('x')));
  });

  it('round-trips any unicode text (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 300 })), (t) => {
        const r = decodePayload(encodePayload(text(t)));
        return r.kind === 'ok' && r.payload.kind === 'text' && r.payload.text === t && r.payload.v === 1;
      }),
    );
  });

  it('round-trips lone surrogates, NUL and the empty string exactly', () => {
    for (const t of ['', '\ud800', 'a\udfffb', '\u0000', '\u2028\u2029', 'e\u0301', '"\\/']) {
      expect(decodePayload(encodePayload(text(t)))).toEqual({ kind: 'ok', payload: text(t) });
    }
  });

  it('pads every password of ≤ 238 printable-ASCII characters to the same 512 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 238 }), (t) => encodePayload(text(t)).length === 512),
    );
  });

  it('pads every ≤ 400-character password without quotes or backslashes to 512 bytes', () => {
    const unit = fc.constantFrom(
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~ ',
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 400 }), (t) => encodePayload(text(t)).length === 512));
    expect(encodePayload(text('x'.repeat(477)))).toHaveLength(512);
    expect(encodePayload(text('x'.repeat(478)))).toHaveLength(544);
  });
});

describe('decodePayload rejects', () => {
  const good = encodePayload(text('hunter2'));
  const jsonEnd = 4 + new DataView(good.buffer).getUint32(0, false);

  it('non-zero padding anywhere', () => {
    for (let i = jsonEnd; i < good.length; i++) {
      const bad = good.slice();
      bad[i] = 1;
      expect(malformed(bad)).toMatch(/padding/);
    }
  });

  it('a length prefix beyond the frame', () => {
    const bad = good.slice();
    new DataView(bad.buffer).setUint32(0, good.length - 3, false);
    expect(malformed(bad)).toMatch(/exceeds/);
    new DataView(bad.buffer).setUint32(0, 0xffffffff, false);
    expect(malformed(bad)).toMatch(/exceeds/);
  });

  it('a frame that is not exactly the canonical padded length', () => {
    expect(malformed(good.subarray(0, good.length - 1))).toMatch(/pads to/);
    expect(malformed(new Uint8Array([...good, 0]))).toMatch(/pads to/);
    expect(malformed(frame('{"v":1,"kind":"text","text":""}', 1024))).toMatch(/pads to/);
  });

  it('a frame shorter than the length prefix', () => {
    expect(malformed(new Uint8Array(3))).toMatch(/shorter/);
    expect(malformed(new Uint8Array(0))).toMatch(/shorter/);
  });

  it('a length prefix that makes the JSON empty', () => {
    expect(malformed(new Uint8Array(512))).toMatch(/JSON/);
  });

  it('invalid UTF-8, a BOM, or non-JSON', () => {
    expect(malformed(frame(Uint8Array.of(0x7b, 0xff, 0x7d)))).toMatch(/UTF-8 JSON/);
    expect(malformed(frame('\ufeff{"v":1,"kind":"text","text":""}'))).toMatch(/UTF-8 JSON/);
    expect(malformed(frame('{"v":1,'))).toMatch(/UTF-8 JSON/);
  });

  it('JSON that is not an object', () => {
    for (const j of ['[]', 'null', '"text"', '1']) expect(malformed(frame(j))).toMatch(/not a JSON object/);
  });

  it('an unknown or missing payload version', () => {
    expect(malformed(frame('{"v":2,"kind":"text","text":""}'))).toBe('unsupported payload version 2');
    expect(malformed(frame('{"kind":"text","text":""}'))).toBe('unsupported payload version');
    expect(malformed(frame('{"v":"1","kind":"text","text":""}'))).toBe('unsupported payload version');
  });

  it('an unknown or missing kind', () => {
    expect(malformed(frame('{"v":1,"kind":"url","url":"https://example.com"}'))).toBe('unsupported payload kind "url"');
    expect(malformed(frame('{"v":1,"text":""}'))).toBe('unsupported payload kind');
  });

  it('a text payload with a missing/non-string text or extra fields', () => {
    expect(malformed(frame('{"v":1,"kind":"text"}'))).toMatch(/"text" string/);
    expect(malformed(frame('{"v":1,"kind":"text","text":7}'))).toMatch(/"text" string/);
    expect(malformed(frame('{"v":1,"kind":"text","text":"","note":"x"}'))).toMatch(/1 unknown field/);
  });

  it('without echoing secret content in the message', () => {
    const secret = 'Tr0ub4dor&3';
    for (const j of [
      `{"v":"${secret}","kind":"text","text":""}`,
      `{"v":1,"kind":"${secret}","text":""}`,
      `{"v":1,"kind":"text","text":"","${secret}":1}`,
      `{"v":1,"kind":"text","text":{"${secret}":1}}`,
    ]) {
      expect(malformed(frame(j))).not.toContain(secret);
    }
  });
});
