/**
 * File pushes made and opened the way the web app makes and opens them, with the same shared code:
 * its create page seals the manifest with sealFiles, seals chunks with sealChunk (in its workers)
 * and uploads with the shared uploadFiles; its reveal page opens the manifest, derives the STREAM
 * keys with filePlans and downloads each file with the shared downloadFile. For cross-compat tests
 * with the CLI. Files are held in memory here (they are small in tests).
 */
import { downloadFile, type DownloadResult } from '@zkpush/shared/download';
import { filePlans, sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import { KDF_FLOOR, newKdfParams } from '@zkpush/shared/kdf-params';
import { formatLink, parseLink } from '@zkpush/shared/link';
import { derivePassKey } from '@zkpush/shared/passphrase';
import { keyProofFor, openPush, proofsFor } from '@zkpush/shared/push';
import { uploadFiles } from '@zkpush/shared/upload';
import { ok, type TestServer } from './server.ts';

export type MemoryFile = { name: string; type?: string; bytes: Uint8Array };

export interface WebFilesOptions {
  message?: string;
  views?: number;
  passphrase?: string;
  /** false: create the push and stop, as a sender still uploading (the push stays not_ready). */
  upload?: boolean;
}

async function* from(bytes: Uint8Array, start: number): AsyncGenerator<Uint8Array> {
  // Pieces of an odd size, as File.stream() gives them, not aligned to chunks.
  for (let at = start; at < bytes.length; at += 65_521) yield bytes.subarray(at, Math.min(bytes.length, at + 65_521));
}

export async function webPushFiles(server: TestServer, files: readonly MemoryFile[], options: WebFilesOptions = {}) {
  let passphrase;
  if (options.passphrase !== undefined) {
    const kdf = newKdfParams(KDF_FLOOR);
    const derived = await derivePassKey(options.passphrase, kdf);
    if (derived.kind !== 'ok') throw new Error(derived.message);
    passphrase = { passKey: derived.passKey, kdf };
  }
  const sealed = sealFiles(
    files.map((f) => ({ name: f.name, type: f.type ?? 'application/octet-stream', size: f.bytes.length })),
    {
      ...(options.message === undefined ? {} : { message: options.message }),
      ...(passphrase ? { passphrase } : {}),
    },
  );
  const created = ok(
    await server.client.create({ ...sealed.request, ...(options.views === undefined ? {} : { views: options.views }) }),
  );
  const uploadToken = created.upload?.token;
  if (uploadToken === undefined) throw new Error('no upload token for a file push');
  if (options.upload !== false) {
    const result = await uploadFiles(
      {
        api: server.client,
        seal: (file, chunk, plaintext) =>
          Promise.resolve(sealChunk(sealed.plans[file]!.keys, sealed.plans[file]!.layout, chunk, plaintext)),
        open: (file, start) => from(files[file]!.bytes, start),
      },
      {
        id: created.id,
        uploadToken,
        files: sealed.plans.map((p) => ({ size: p.entry.size, layout: p.layout })),
      },
    );
    if (result.kind !== 'ok') throw new Error(`upload failed: ${JSON.stringify(result)}`);
  }
  return { link: formatLink(server.url, created.id, sealed.linkKey), uploadToken, ...created };
}

export type WebOpenedFile = { name: string; type: string; bytes: Uint8Array; result: DownloadResult };

/** Reveal (one view), manifest, filePlans, then every file through downloadFile into memory. */
export async function webOpenFiles(server: TestServer, link: string, passphrase?: string) {
  const parsed = parseLink(link);
  if (parsed.kind !== 'ok') throw new Error(parsed.message);
  let passKey: Uint8Array | undefined;
  if (passphrase !== undefined) {
    const lock = ok(await server.client.meta(parsed.id)).passphrase;
    if (lock === null) throw new Error('expected a passphrase push');
    const derived = await derivePassKey(passphrase, lock.kdf);
    if (derived.kind !== 'ok') throw new Error(derived.message);
    passKey = derived.passKey;
  }
  const proofs = passKey ? proofsFor(parsed.linkKey, passKey) : { keyProof: keyProofFor(parsed.linkKey) };
  const revealed = ok(await server.client.reveal(parsed.id, proofs));
  const opened = openPush(parsed.linkKey, revealed.envelope, passKey);
  if (opened.kind !== 'ok' || opened.payload.kind !== 'files') throw new Error(`not a file push: ${opened.kind}`);
  const token = revealed.download?.token;
  if (token === undefined) throw new Error('no download token');
  const files: WebOpenedFile[] = [];
  for (const [i, plan] of filePlans(parsed.linkKey, passKey, opened.payload).entries()) {
    const parts: Uint8Array[] = [];
    const result = await downloadFile(
      { api: server.client },
      {
        id: parsed.id,
        file: i,
        downloadToken: token,
        size: plan.entry.size,
        layout: plan.layout,
        keys: plan.keys,
        sink: { write: (bytes) => void parts.push(bytes.slice()) },
      },
    );
    files.push({ name: plan.entry.name, type: plan.entry.type, bytes: new Uint8Array(Buffer.concat(parts)), result });
  }
  return { message: opened.payload.message, files };
}
