/**
 * Frozen file-push vectors (../vectors/v1-file-pushes.json). A failure here means the change breaks
 * file links already sent: fix the code, never the vectors.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { plaintextChunks } from '../crypto/file-chunker.ts';
import { createFileOpener } from '../crypto/file-opener.ts';
import { filePlans, sealFiles } from '../crypto/file-push.ts';
import { sealChunk } from '../crypto/file-stream.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { KdfParams } from '../wire/kdf-params.ts';
import { canonicalFiles } from '../wire/manifest.ts';
import { derivePassKeySync } from '../crypto/passphrase.ts';
import { openPush } from '../crypto/push.ts';
import { fileContent } from '../../vectors/file-content.ts';

const Hex = v.pipe(v.string(), v.regex(/^([0-9a-f]{2})*$/));
const Content = v.union([
  v.strictObject({ utf8: v.string() }),
  v.strictObject({ pattern: v.number(), size: v.number() }),
]);
const FileVector = v.strictObject({
  content: Content,
  paddedSize: v.number(),
  blobBytes: v.number(),
  fileKey: Hex,
  noncePrefix: Hex,
  firstChunkNonce: Hex,
  chunkTags: v.array(Hex),
  blobSha256: Hex,
  blob: v.optional(Hex),
});
const Vector = v.strictObject({
  name: v.string(),
  comment: v.string(),
  linkKey: Hex,
  nonce: Hex,
  passphrase: v.optional(v.string()),
  kdf: v.optional(KdfParams),
  passKey: v.optional(Hex),
  payloadJson: v.string(),
  envelope: v.string(),
  keyProofHash: v.string(),
  declared: v.array(v.strictObject({ paddedSize: v.number() })),
  files: v.array(FileVector),
});
const VectorFile = v.strictObject({ description: v.string(), wireVersion: v.literal(1), vectors: v.array(Vector) });

const file = v.parse(
  VectorFile,
  JSON.parse(readFileSync(new URL('../../vectors/v1-file-pushes.json', import.meta.url), 'utf8')),
);

async function sealedBlob(content: Uint8Array, plan: ReturnType<typeof filePlans>[number]) {
  const chunks: Uint8Array[] = [];
  async function* source() {
    yield content;
  }
  for await (const { index, plaintext } of plaintextChunks(source(), content.length, plan.layout)) {
    chunks.push(sealChunk(plan.keys, plan.layout, index, plaintext));
  }
  return chunks;
}

describe.each(file.vectors)('frozen file push $name', (x) => {
  const linkKey = hexToBytes(x.linkKey);
  const passKey = x.passKey === undefined ? undefined : hexToBytes(x.passKey);

  it('derives P from the passphrase and the stored parameters', () => {
    if (x.passphrase === undefined || x.kdf === undefined) return;
    const derived = derivePassKeySync(x.passphrase, x.kdf);
    expect(derived.kind === 'ok' && bytesToHex(derived.passKey)).toBe(x.passKey);
  });

  it('opens the manifest envelope to the recorded payload', () => {
    const opened = openPush(linkKey, x.envelope, passKey);
    if (opened.kind !== 'ok' || opened.payload.kind !== 'files') throw new Error(`cannot open: ${opened.kind}`);
    expect(JSON.stringify(canonicalFiles(opened.payload))).toBe(x.payloadJson);
    const plans = filePlans(linkKey, passKey, opened.payload);
    expect(plans.map((p) => bytesToHex(p.keys.fileKey))).toEqual(x.files.map((f) => f.fileKey));
  });

  it('re-seals manifest and files to identical bytes', async () => {
    const opened = openPush(linkKey, x.envelope, passKey);
    if (opened.kind !== 'ok' || opened.payload.kind !== 'files') throw new Error('cannot open');
    const manifest = opened.payload;
    const contents = x.files.map((f) => fileContent(f.content));
    const sealed = sealFiles(
      manifest.files.map((f) => ({ name: f.name, type: f.type, size: f.size })),
      {
        linkKey,
        nonce: hexToBytes(x.nonce),
        prefixes: x.files.map((f) => hexToBytes(f.noncePrefix)),
        ...(manifest.message === undefined ? {} : { message: manifest.message }),
        ...(passKey && x.kdf ? { passphrase: { passKey, kdf: x.kdf } } : {}),
      },
    );
    expect(sealed.request.envelope).toBe(x.envelope);
    expect(sealed.request.keyProofHash).toBe(x.keyProofHash);
    expect(sealed.request.files).toEqual(x.declared);
    for (const [i, plan] of sealed.plans.entries()) {
      const chunks = await sealedBlob(contents[i]!, plan);
      const blob = Buffer.concat(chunks);
      expect(chunks.map((c) => bytesToHex(c.subarray(c.length - 16)))).toEqual(x.files[i]!.chunkTags);
      expect(createHash('sha256').update(blob).digest('hex')).toBe(x.files[i]!.blobSha256);
      expect(blob.length).toBe(x.files[i]!.blobBytes);
      if (x.files[i]!.blob !== undefined) expect(bytesToHex(new Uint8Array(blob))).toBe(x.files[i]!.blob);
    }
  });

  it('opens the recorded blobs to the file contents', async () => {
    const opened = openPush(linkKey, x.envelope, passKey);
    if (opened.kind !== 'ok' || opened.payload.kind !== 'files') throw new Error('cannot open');
    for (const [i, plan] of filePlans(linkKey, passKey, opened.payload).entries()) {
      const f = x.files[i]!;
      const blob =
        f.blob === undefined ? Buffer.concat(await sealedBlob(fileContent(f.content), plan)) : hexToBytes(f.blob);
      const opener = createFileOpener(plan.keys, plan.entry.size, plan.layout);
      const step = opener.push(blob);
      if (step.kind !== 'ok') throw new Error(step.kind);
      expect(Buffer.concat(step.plaintext).equals(Buffer.from(fileContent(f.content)))).toBe(true);
      expect(opener.finish()).toEqual({ kind: 'ok' });
    }
  });
});
