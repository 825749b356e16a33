/**
 * Writes v1-file-pushes.json — ONCE. Frozen like the other vector files: src/testing/file-vectors.test.ts proves
 * every future build re-seals these manifests and file streams to identical bytes and opens them, so
 * file links already sent keep working. Re-running refuses to overwrite; never --force a shipped format.
 *
 *   node shared/vectors/generate-v1-file-pushes.ts            # write (first time only)
 *   node shared/vectors/generate-v1-file-pushes.ts --example  # print the docs/wire-format.md §12 example
 *
 * Inputs are deterministic (fixed K, envelope nonce and nonce prefixes; P from Argon2id at a fixed salt).
 * File keys are cross-checked against node:crypto's HKDF, chunks against reference-xchacha.ts.
 */
import { argon2Sync, createHash, hkdfSync } from 'node:crypto';
import { plaintextChunks } from '../src/crypto/file-chunker.ts';
import { sealFiles } from '../src/crypto/file-push.ts';
import { chunkNonce, sealChunk } from '../src/crypto/file-stream.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { canonicalFiles } from '../src/wire/manifest.ts';
import { openPush } from '../src/crypto/push.ts';
import { newKdfParams } from '../src/wire/kdf-params.ts';
import { derivePassKeySync, normalizePassphrase } from '../src/crypto/passphrase.ts';
import { INFO_FILE_KEY, NONCE_BYTES, WIRE_VERSION } from '../src/wire/wire-constants.ts';
import { referenceOpen } from './reference-xchacha.ts';
import { fileContent, type Content } from './file-content.ts';
import { writeFrozenVectors } from './write-frozen.ts';

const OUT = new URL('./v1-file-pushes.json', import.meta.url);

const seq = (start: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (start + i) & 0xff);
const seeded = (label: string, n: number) =>
  new Uint8Array(createHash('sha256').update(`zkpush/v1/test-vector/${label}`).digest()).subarray(0, n);

type FileInput = { name: string; type: string; content: Content };
type Input = {
  name: string;
  comment: string;
  message?: string;
  files: FileInput[];
  passphrase?: string;
  linkKey?: Uint8Array;
  nonce?: Uint8Array;
};

const C = 1_048_576;
const INPUTS: Input[] = [
  {
    name: 'small-file',
    comment:
      'The worked example in docs/wire-format.md §12. K = 00..1f, envelope nonce = 20..37, nonce prefix = 50..62. ' +
      'One 13-byte file: one chunk of 512 padded bytes.',
    files: [{ name: 'hello.txt', type: 'text/plain', content: { utf8: 'Hello, world!' } }],
    linkKey: seq(0x00, 32),
    nonce: seq(0x20, NONCE_BYTES),
  },
  {
    name: 'three-files-with-message',
    comment:
      'A message and three files: empty (one all-padding chunk), exactly one chunk, and one chunk + 1 byte ' +
      '(Padmé pads it to C + 32768: two chunks). Blobs are given by SHA-256 and per-chunk tags.',
    message: 'the backups, as promised',
    files: [
      { name: 'empty.bin', type: '', content: { pattern: 0, size: 0 } },
      { name: 'one-chunk.bin', type: 'application/octet-stream', content: { pattern: 1, size: C } },
      { name: 'chunk-plus-one.tar', type: 'application/x-tar', content: { pattern: 2, size: C + 1 } },
    ],
  },
  {
    name: 'passphrase-file',
    comment:
      'A passphrase file push: IKM = K ‖ P, P = Argon2id at the accepted minimum cost (m = 19456, t = 2, p = 1) ' +
      'with salt = seeded; file keys come from K ‖ P, keyProof from K alone.',
    passphrase: 'correct horse battery staple',
    files: [{ name: 'id_ed25519', type: '', content: { pattern: 3, size: 411 } }],
  },
];

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`cross-check failed: ${what}`);
}

async function build(input: Input) {
  const linkKey = input.linkKey ?? seeded(`${input.name}/link-key`, 32);
  const nonce = input.nonce ?? seeded(`${input.name}/nonce`, NONCE_BYTES);
  const prefixes = input.files.map((_, i) =>
    i === 0 && input.name === 'small-file' ? seq(0x50, 19) : seeded(`${input.name}/prefix/${i}`, 19),
  );
  const contents = input.files.map((f) => fileContent(f.content));
  let passphrase: { passKey: Uint8Array; kdf: ReturnType<typeof newKdfParams> } | undefined;
  if (input.passphrase !== undefined) {
    const kdf = newKdfParams({ m: 19456, t: 2, p: 1 }, seeded(`${input.name}/salt`, 16));
    const derived = derivePassKeySync(input.passphrase, kdf);
    if (derived.kind !== 'ok') throw new Error(derived.message);
    const native = argon2Sync('argon2id', {
      message: normalizePassphrase(input.passphrase),
      nonce: seeded(`${input.name}/salt`, 16),
      parallelism: 1,
      tagLength: 32,
      memory: 19456,
      passes: 2,
    });
    check(bytesToHex(new Uint8Array(native)) === bytesToHex(derived.passKey), 'argon2id (OpenSSL)');
    passphrase = { passKey: derived.passKey, kdf };
  }
  const sealed = sealFiles(
    input.files.map((f, i) => ({ name: f.name, type: f.type, size: contents[i]!.length })),
    {
      linkKey,
      nonce,
      prefixes,
      ...(input.message === undefined ? {} : { message: input.message }),
      ...(passphrase ? { passphrase } : {}),
    },
  );
  const ikm = new Uint8Array([...linkKey, ...(passphrase?.passKey ?? [])]);
  const files = [];
  for (const [i, plan] of sealed.plans.entries()) {
    const info = Buffer.concat([Buffer.from(INFO_FILE_KEY), Buffer.from([0, 0, 0, i])]);
    check(
      bytesToHex(new Uint8Array(hkdfSync('sha256', ikm, new Uint8Array(0), info, 32))) ===
        bytesToHex(plan.keys.fileKey),
      `file key ${i}`,
    );
    const content = contents[i]!;
    const chunks: Uint8Array[] = [];
    async function* source() {
      yield content;
    }
    for await (const { index, plaintext } of plaintextChunks(source(), content.length, plan.layout)) {
      const ct = sealChunk(plan.keys, plan.layout, index, plaintext);
      const n = chunkNonce(plan.keys.noncePrefix, index, index === plan.layout.chunks - 1);
      const reopened = referenceOpen(plan.keys.fileKey, n, Uint8Array.of(WIRE_VERSION), ct);
      check(
        reopened !== undefined && bytesToHex(reopened) === bytesToHex(plaintext),
        `chunk ${i}/${index} (reference)`,
      );
      chunks.push(ct);
    }
    const blob = Buffer.concat(chunks);
    check(blob.length === plan.layout.blobBytes, `blob ${i} length`);
    files.push({
      content: input.files[i]!.content,
      paddedSize: plan.layout.paddedSize,
      blobBytes: blob.length,
      fileKey: bytesToHex(plan.keys.fileKey),
      noncePrefix: bytesToHex(plan.keys.noncePrefix),
      firstChunkNonce: bytesToHex(chunkNonce(plan.keys.noncePrefix, 0, plan.layout.chunks === 1)),
      chunkTags: chunks.map((c) => bytesToHex(c.subarray(c.length - 16))),
      blobSha256: createHash('sha256').update(blob).digest('hex'),
      ...(blob.length <= 1024 ? { blob: bytesToHex(new Uint8Array(blob)) } : {}),
    });
  }
  return {
    name: input.name,
    comment: input.comment,
    linkKey: bytesToHex(linkKey),
    nonce: bytesToHex(nonce),
    ...(passphrase
      ? { passphrase: input.passphrase, kdf: passphrase.kdf, passKey: bytesToHex(passphrase.passKey) }
      : {}),
    payloadJson: payloadJson(linkKey, sealed.request.envelope, passphrase?.passKey),
    envelope: sealed.request.envelope,
    keyProofHash: sealed.request.keyProofHash,
    declared: sealed.request.files,
    files,
  };
}

/** The manifest JSON inside the envelope, read back with openPush (so it is what a recipient sees). */
function payloadJson(linkKey: Uint8Array, envelope: string, passKey: Uint8Array | undefined): string {
  const opened = openPush(linkKey, envelope, passKey);
  if (opened.kind !== 'ok' || opened.payload.kind !== 'files') throw new Error('the manifest does not open');
  return JSON.stringify(canonicalFiles(opened.payload));
}

const wrap = (s: string, w = 64) => s.match(new RegExp(`.{1,${w}}`, 'g'))?.join('\n') ?? '';

async function example(): Promise<string> {
  const x = await build(INPUTS[0]!);
  const f = x.files[0]!;
  const lines = [
    `K                         ${x.linkKey}`,
    `payload JSON              ${x.payloadJson}`,
    `file key 0 = HKDF-SHA256(K, salt = "", info = "zkpush/v1/file" ‖ 00000000)`,
    `                          ${f.fileKey}`,
    `nonce prefix              ${f.noncePrefix}`,
    `chunk 0 nonce (last)      ${f.firstChunkNonce}`,
    `declared to the server    ${JSON.stringify(x.declared)}`,
    `plaintext chunk 0         "Hello, world!" ‖ 0x00 × 499   (512 bytes)`,
    `blob = chunk 0 ciphertext ‖ tag (${f.blobBytes} bytes), hex:`,
    wrap(f.blob ?? ''),
  ];
  return '```text\n' + lines.join('\n') + '\n```\n';
}

if (process.argv.includes('--example')) {
  process.stdout.write(await example());
} else {
  const vectors = [];
  for (const input of INPUTS) vectors.push(await build(input));
  const file = {
    description:
      'zkpush wire format v1 frozen file-push vectors (docs/wire-format.md §12). Generated once by ' +
      'generate-v1-file-pushes.ts; never edit. Hex unless base64url by name (envelope, keyProofHash). ' +
      'File content: {"utf8": text} or {"pattern": p, "size": n} meaning byte i = (i * 31 + p) mod 251.',
    wireVersion: WIRE_VERSION,
    vectors,
  };
  writeFrozenVectors(OUT, file);
}
