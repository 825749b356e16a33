/**
 * File pushes for API tests, made with the real shared format: sealFiles for the manifest and the
 * declared sizes, plaintextChunks + sealChunk for the chunks, createFileOpener to check what comes
 * back. Files are small here (the streaming tests over real HTTP make their bytes on the fly).
 * Only imported by *.test.ts files.
 */
import type { Hono } from 'hono';
import * as v from 'valibot';
import { expect } from 'vitest';
import { createFileOpener } from '@zkpush/shared/file-opener';
import { plaintextChunks } from '@zkpush/shared/file-chunker';
import { sealChunk } from '@zkpush/shared/file-stream';
import { sealFiles, type FileStreamPlan } from '@zkpush/shared/file-push';
import { randomBytes } from '@zkpush/shared/crypto';
import { keyProofFor, proofsFor } from '@zkpush/shared/push';
import { CreateSecretResponse, RevealResponse, type PushFlagsInput } from '@zkpush/shared/schemas';
import { postJson, TEST_KDF } from './harness.ts';

export type TestFile = { name: string; bytes: Uint8Array };

export interface FilePush {
  id: string;
  ownerToken: string;
  uploadToken: string;
  keyProof: string;
  /** With `passphrase: true`: the right passProof (P is random; no Argon2id needed here). */
  passProof?: string;
  plans: FileStreamPlan[];
  files: TestFile[];
  /** Sealed chunks per file, in order: exactly what an honest sender uploads. */
  chunks: Uint8Array[][];
}

/** Deterministic non-trivial bytes (so a misplaced chunk cannot pass as the right one by accident). */
export function patternBytes(size: number, seed = 1): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

export async function sealedChunks(plan: FileStreamPlan, bytes: Uint8Array): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const { index, plaintext } of plaintextChunks(once(bytes), bytes.length, plan.layout)) {
    out.push(sealChunk(plan.keys, plan.layout, index, plaintext));
  }
  return out;
}

export type FilePushOptions = {
  views?: number;
  expiresIn?: number;
  flags?: PushFlagsInput;
  message?: string;
  passphrase?: boolean;
};

/** Seals `files` and creates the push through the API (not uploaded yet). */
export async function createFilePush(app: Hono, files: TestFile[], options: FilePushOptions = {}): Promise<FilePush> {
  const passKey = options.passphrase === true ? randomBytes(32) : undefined;
  const sealed = sealFiles(
    files.map((f) => ({ name: f.name, type: 'application/octet-stream', size: f.bytes.length })),
    {
      ...(options.message === undefined ? {} : { message: options.message }),
      ...(passKey === undefined ? {} : { passphrase: { passKey, kdf: TEST_KDF } }),
    },
  );
  const res = await postJson(app, '/api/v1/secrets', {
    ...sealed.request,
    ...(options.views === undefined ? {} : { views: options.views }),
    ...(options.expiresIn === undefined ? {} : { expiresIn: options.expiresIn }),
    ...(options.flags === undefined ? {} : { flags: options.flags }),
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  const created = v.parse(CreateSecretResponse, await res.json());
  if (created.upload === undefined) throw new Error('a file push must come back with an upload token');
  const chunks = await Promise.all(sealed.plans.map((plan, i) => sealedChunks(plan, files[i]!.bytes)));
  return {
    id: created.id,
    ownerToken: created.ownerToken,
    uploadToken: created.upload.token,
    keyProof: keyProofFor(sealed.linkKey),
    ...(passKey === undefined ? {} : { passProof: proofsFor(sealed.linkKey, passKey).passProof }),
    plans: sealed.plans,
    files,
    chunks,
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** PUTs a chunk; a stream body goes without Content-Length, so the server has to count its bytes. */
export function putChunk(
  app: Hono,
  push: FilePush,
  file: number,
  chunk: number,
  body: Uint8Array | ReadableStream<Uint8Array> = push.chunks[file]![chunk]!,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(`/api/v1/secrets/${push.id}/files/${file}/chunks/${chunk}`, {
      method: 'PUT',
      headers: { ...bearer(push.uploadToken), 'content-type': 'application/octet-stream', ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    }),
  );
}

/**
 * A streamed request body: `pieces` in order, then the end — or, with `'break'`, an error instead, as
 * when the client hangs up in the middle of a chunk.
 */
export function streamedBody(
  pieces: readonly Uint8Array[],
  end: 'close' | 'break' = 'close',
): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      if (end === 'break') controller.error(new Error('aborted'));
      else controller.close();
    },
  });
}

export function finalize(app: Hono, push: FilePush, token = push.uploadToken): Promise<Response> {
  return Promise.resolve(
    app.request(`/api/v1/secrets/${push.id}/upload/finalize`, { method: 'POST', headers: bearer(token) }),
  );
}

/** Uploads every chunk of every file and finalises. */
export async function uploadAll(app: Hono, push: FilePush): Promise<void> {
  for (const [file, chunks] of push.chunks.entries()) {
    for (const chunk of chunks.keys()) expect((await putChunk(app, push, file, chunk)).status).toBe(204);
  }
  expect((await finalize(app, push)).status).toBe(204);
}

export async function revealFiles(app: Hono, push: FilePush): Promise<RevealResponse> {
  const res = await postJson(app, `/api/v1/secrets/${push.id}/reveal`, { keyProof: push.keyProof });
  if (res.status !== 200) throw new Error(`reveal failed: ${res.status} ${await res.text()}`);
  return v.parse(RevealResponse, await res.json());
}

export function getFile(
  app: Hono,
  id: string,
  file: number,
  token: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return Promise.resolve(
    app.request(`/api/v1/secrets/${id}/files/${file}`, { headers: { ...bearer(token), ...headers } }),
  );
}

/** Opens a whole downloaded blob with the recipient's keys; fails the test if it does not verify. */
export function openBlob(push: FilePush, file: number, blob: Uint8Array): Uint8Array {
  const plan = push.plans[file]!;
  const opener = createFileOpener(plan.keys, plan.entry.size, plan.layout);
  const step = opener.push(blob);
  if (step.kind !== 'ok') throw new Error(`file ${file} does not verify: ${JSON.stringify(step)}`);
  if (opener.finish().kind !== 'ok') throw new Error(`file ${file} is truncated`);
  const out = new Uint8Array(plan.entry.size);
  let at = 0;
  for (const piece of step.plaintext) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
