/**
 * libsodium's XChaCha20-Poly1305 (sodium-aead.ts) against the reference, noble (chunk-aead.ts): the
 * Wycheproof subset both must pass, and file chunks sealed by one and opened by the other at several
 * chunk sizes, with the last-chunk flag. The frozen file-push vectors run against libsodium too, in
 * ../testing/file-vectors.test.ts.
 */
import { readFileSync } from 'node:fs';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { NOBLE_AEAD, type ChunkAead } from './chunk-aead.ts';
import { randomBytes } from './crypto.ts';
import { chunkNonce, fileLayout, openChunk, sealChunk, chunkPlainBytes, type FileKeys } from './file-stream.ts';
import { loadSodiumAead } from './sodium-aead.ts';
import { FILE_CHUNK_BYTES as C } from '../wire/wire-constants.ts';

const SODIUM = await loadSodiumAead();
const BOTH: [string, ChunkAead, ChunkAead][] = [
  ['noble seals, libsodium opens', NOBLE_AEAD, SODIUM],
  ['libsodium seals, noble opens', SODIUM, NOBLE_AEAD],
];

const Wycheproof = v.object({
  tests: v.array(
    v.object({
      tcId: v.number(),
      key: v.string(),
      iv: v.string(),
      aad: v.string(),
      msg: v.string(),
      ct: v.string(),
      tag: v.string(),
      result: v.picklist(['valid', 'invalid']),
    }),
  ),
});
const wycheproof = v.parse(
  Wycheproof,
  JSON.parse(readFileSync(new URL('../../vectors/wycheproof-xchacha20poly1305.json', import.meta.url), 'utf8')),
).tests;

describe('libsodium XChaCha20-Poly1305', () => {
  it('is libsodium', () => {
    expect(SODIUM.name).toBe('libsodium');
    expect(NOBLE_AEAD.name).toBe('noble');
  });

  it.each(wycheproof.filter((t) => t.result === 'valid').map((t) => [t.tcId, t] as const))(
    'Wycheproof valid tcId %i seals and opens',
    (_id, t) => {
      const [key, iv, aad, msg] = [t.key, t.iv, t.aad, t.msg].map(hexToBytes) as [
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
      ];
      expect(bytesToHex(SODIUM.seal(key, iv, aad, msg))).toBe(t.ct + t.tag);
      expect(SODIUM.open(key, iv, aad, hexToBytes(t.ct + t.tag))).toEqual(msg);
    },
  );

  it('fails every Wycheproof invalid case, as noble does', () => {
    const invalid = wycheproof.filter((t) => t.result === 'invalid');
    expect(invalid.length).toBeGreaterThan(60);
    for (const t of invalid) {
      const args = [t.key, t.iv, t.aad, t.ct + t.tag].map(hexToBytes) as [
        Uint8Array,
        Uint8Array,
        Uint8Array,
        Uint8Array,
      ];
      expect(SODIUM.open(...args), `tcId ${t.tcId}`).toBeUndefined();
      expect(NOBLE_AEAD.open(...args), `tcId ${t.tcId}`).toBeUndefined();
    }
  });

  it('throws on a key of the wrong size when sealing, like noble', () => {
    const args = [randomBytes(31), randomBytes(24), Uint8Array.of(1), randomBytes(8)] as const;
    expect(() => SODIUM.seal(...args)).toThrow();
    expect(() => NOBLE_AEAD.seal(...args)).toThrow();
  });
});

const keys = (): FileKeys => ({ fileKey: randomBytes(32), noncePrefix: randomBytes(19) });

describe.each(BOTH)('file chunks: %s', (_name, sealer, opener) => {
  // One chunk of the smallest bucket, one just under C, exactly C, a short last chunk after a full
  // one (Padmé(C + 1) = C + 32 KiB), and three full chunks.
  it.each([0, 1000, C - 4096, C, C + 1, 3 * C])('a %i-byte file, chunk by chunk', (size) => {
    const k = keys();
    const layout = fileLayout(size);
    for (let i = 0; i < layout.chunks; i++) {
      const plain = randomBytes(chunkPlainBytes(layout, i));
      const sealed = sealChunk(k, layout, i, plain, sealer);
      expect(sealed, `chunk ${i}`).toEqual(sealChunk(k, layout, i, plain, opener));
      expect(openChunk(k, layout, i, sealed, opener), `chunk ${i}`).toEqual(plain);
    }
  });

  it('honours the last-chunk flag: a last chunk sealed as "more" (or the reverse) does not open', () => {
    const k = keys();
    const layout = fileLayout(C + 1);
    const plain = randomBytes(chunkPlainBytes(layout, 1));
    const aad = Uint8Array.of(1);
    const asMore = sealer.seal(k.fileKey, chunkNonce(k.noncePrefix, 1, false), aad, plain);
    expect(openChunk(k, layout, 1, asMore, opener)).toBeUndefined();
    const first = randomBytes(C);
    const asLast = sealer.seal(k.fileKey, chunkNonce(k.noncePrefix, 0, true), aad, first);
    expect(openChunk(k, layout, 0, asLast, opener)).toBeUndefined();
    // The same bytes under the right flags open, so the failures above are the flag's doing.
    expect(
      openChunk(k, layout, 1, sealer.seal(k.fileKey, chunkNonce(k.noncePrefix, 1, true), aad, plain), opener),
    ).toEqual(plain);
  });

  it('rejects a flipped bit, a swapped chunk and another key', () => {
    const k = keys();
    const layout = fileLayout(3 * C);
    const chunks = [0, 1, 2].map((i) => sealChunk(k, layout, i, randomBytes(C), sealer));
    const flipped = chunks[1]!.slice();
    flipped[12345] = flipped[12345]! ^ 1;
    expect(openChunk(k, layout, 1, flipped, opener)).toBeUndefined();
    expect(openChunk(k, layout, 0, chunks[1]!, opener)).toBeUndefined();
    expect(openChunk(keys(), layout, 2, chunks[2]!, opener)).toBeUndefined();
  });
});
