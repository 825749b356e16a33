import { describe, expect, it } from 'vitest';
import { toBase64url } from './base64url.ts';
import { fileEntry, type FilesPayload } from './manifest.ts';
import { decodePayload, encodePayload, paddedLength } from './payload.ts';
import { FILE_CHUNK_BYTES } from './wire-constants.ts';

const prefix = new Uint8Array(19).fill(7);
const entry = (name = 'report.pdf', size = 1234) => fileEntry(name, 'application/pdf', size, prefix);
const files = (extra: Partial<FilesPayload> = {}): FilesPayload => ({
  v: 1,
  kind: 'files',
  files: [entry()],
  ...extra,
});

/** Frames arbitrary JSON like encodePayload, for inputs no encoder produces. */
function frame(json: string): Uint8Array {
  const body = new TextEncoder().encode(json);
  const framed = new Uint8Array(paddedLength(4 + body.length));
  new DataView(framed.buffer).setUint32(0, body.length, false);
  framed.set(body, 4);
  return framed;
}

const malformed = (json: string): string => {
  const r = decodePayload(frame(json));
  if (r.kind !== 'malformed') throw new Error('expected malformed');
  return r.message;
};

const entryJson = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'a',
    type: 'text/plain',
    size: 1,
    chunkSize: FILE_CHUNK_BYTES,
    chunks: 1,
    noncePrefix: toBase64url(prefix),
    ...overrides,
  });

describe('files payload', () => {
  it('round-trips with and without a message, in a fixed member order', () => {
    for (const p of [files(), files({ message: 'for Alice' }), files({ message: '' })]) {
      expect(decodePayload(encodePayload(p))).toEqual({ kind: 'ok', payload: p });
    }
    const json = new TextDecoder().decode(encodePayload(files({ message: 'm' })).subarray(4));
    expect(json.replace(/\0+$/, '')).toBe(
      `{"v":1,"kind":"files","message":"m","files":[{"name":"report.pdf","type":"application/pdf","size":1234,"chunkSize":1048576,"chunks":1,"noncePrefix":"${toBase64url(prefix)}"}]}`,
    );
  });

  it('counts chunks from the padded size', () => {
    expect(entry('big', FILE_CHUNK_BYTES + 1).chunks).toBe(2);
    expect(entry('empty', 0).chunks).toBe(1);
  });

  it('rejects malformed manifests with messages that never echo names', () => {
    const secretName = 'salaries-2027.xlsx';
    const cases: [string, RegExp][] = [
      [`{"v":1,"kind":"files","files":[]}`, /1–1000 entries/],
      [`{"v":1,"kind":"files"}`, /1–1000 entries/],
      [`{"v":1,"kind":"files","files":[${entryJson()}],"extra":1}`, /unknown field/],
      [`{"v":1,"kind":"files","message":7,"files":[${entryJson()}]}`, /message/],
      [`{"v":1,"kind":"files","files":[${entryJson({ name: '' })}]}`, /files\[0\]\.name/],
      [`{"v":1,"kind":"files","files":[${entryJson({ type: 'a b' })}]}`, /files\[0\]\.type/],
      [`{"v":1,"kind":"files","files":[${entryJson({ size: -1 })}]}`, /files\[0\]\.size/],
      [`{"v":1,"kind":"files","files":[${entryJson({ size: 1.5 })}]}`, /files\[0\]\.size/],
      [`{"v":1,"kind":"files","files":[${entryJson({ chunkSize: 65536 })}]}`, /chunkSize/],
      [`{"v":1,"kind":"files","files":[${entryJson({ chunks: 2 })}]}`, /chunks/],
      [`{"v":1,"kind":"files","files":[${entryJson({ noncePrefix: 'AAAA' })}]}`, /noncePrefix/],
      [`{"v":1,"kind":"files","files":[${entryJson({ [secretName]: 1 })}]}`, /files\[0\] has 1 unknown/],
      [`{"v":1,"kind":"files","files":[${entryJson()},"${secretName}"]}`, /files\[1\] is not an object/],
    ];
    for (const [json, expected] of cases) {
      const message = malformed(json);
      expect(message).toMatch(expected);
      expect(message).not.toContain(secretName);
    }
  });
});
