/**
 * Test-side help for file pushes: files of random bytes on disk (with names nobody could guess, so
 * a leak of a name into traffic or logs is detectable), their SHA-256, and a file push made outside
 * the browser with the same shared code the CLI uses (fs streams, sealing on the main thread).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiClient } from '@zkpush/shared/api-client';
import { toBase64url } from '@zkpush/shared/base64url';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import { formatLink } from '@zkpush/shared/link';
import { uploadFiles } from '@zkpush/shared/upload';

export interface TestFile {
  name: string;
  path: string;
  type: string;
  size: number;
  sha256: string;
  /** A printable piece of the content to look for in traffic, or undefined for random bytes. */
  marker?: string;
}

/** A fresh directory for one test's files. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'zkpush-files-'));
}

const unique = (): string => toBase64url(randomBytes(9)).replace(/[-_]/g, 'x');

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export async function sha256File(path: string): Promise<string> {
  return sha256(await readFile(path));
}

/** Random bytes (`text` false) or a text file holding a unique marker line repeated to `size`. */
export async function makeFile(
  dir: string,
  label: string,
  size: number,
  options: { ext?: string; type?: string; text?: boolean } = {},
): Promise<TestFile> {
  const name = `${label}-${unique()}${options.ext ?? '.bin'}`;
  const path = join(dir, name);
  let bytes: Buffer;
  let marker: string | undefined;
  if (options.text) {
    marker = `plaintext marker ${unique()} ünïcødé`;
    bytes = Buffer.alloc(size, `${marker}\n`);
  } else {
    bytes = randomBytes(size);
  }
  await writeFile(path, bytes);
  return {
    name,
    path,
    type: options.type ?? 'application/octet-stream',
    size,
    sha256: sha256(bytes),
    ...(marker ? { marker } : {}),
  };
}

export interface ApiFilePush {
  id: string;
  key: string;
  link: string;
  ownerToken: string;
}

/** A file push made in this process: create, upload every chunk from disk, finalise. */
export async function createFilesViaApi(
  origin: string,
  files: readonly TestFile[],
  options: { message?: string; views?: number } = {},
): Promise<ApiFilePush> {
  const api = createApiClient({ baseUrl: origin });
  const sealed = sealFiles(
    files.map((f) => ({ name: f.name, type: f.type, size: f.size })),
    options.message === undefined ? {} : { message: options.message },
  );
  const created = await api.create({ ...sealed.request, views: options.views ?? 1 });
  if (created.kind !== 'ok' || !created.value.upload) throw new Error(`create failed: ${JSON.stringify(created)}`);
  const result = await uploadFiles(
    {
      api,
      seal: async (file, chunk, plaintext) =>
        sealChunk(sealed.plans[file]!.keys, sealed.plans[file]!.layout, chunk, plaintext),
      open: (file, start) => createReadStream(files[file]!.path, { start }),
    },
    {
      id: created.value.id,
      uploadToken: created.value.upload.token,
      files: sealed.plans.map((p) => ({ size: p.entry.size, layout: p.layout })),
    },
  );
  if (result.kind !== 'ok') throw new Error(`upload failed: ${JSON.stringify(result)}`);
  return {
    id: created.value.id,
    key: toBase64url(sealed.linkKey),
    link: formatLink(origin, created.value.id, sealed.linkKey),
    ownerToken: created.value.ownerToken,
  };
}
