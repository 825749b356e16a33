/**
 * Creating a file push from the browser (docs/wire-format.md §12.5): derive P if there is a
 * passphrase, seal the manifest (names, types, sizes, message — all inside the envelope), create the
 * push with only the padded sizes declared, remember it on the dashboard (id and owner token only),
 * then upload every file's chunks, sealed in the worker pool, and finalise.
 *
 * The link key, P and the file keys exist only in this closure, in the sealing workers while they
 * run, and in the link string handed back. A cancelled or failed upload expires the push with its
 * owner token, so no half-uploaded push lingers until the idle timeout; a dropped connection instead
 * offers `resume`, which asks the server what it has and sends the rest.
 */
import type { ApiClient } from '@zkpush/shared/api-client';
import type { FileInput, SealedFilesPush, PassKeyInput } from '@zkpush/shared/file-push';
import { createSealedChunks } from '@zkpush/shared/sealed-chunks';
import type { ChunkSealer, UploadDeps, UploadInput, UploadProgress, UploadResult } from '@zkpush/shared/upload';
import { blobOpener } from './blob-source.ts';
import {
  deriveForCreate,
  lifecycleRequest,
  rememberCreated,
  type CreateDeps,
  type Created,
  type PushSettings,
} from '#lib/create/create-flow.ts';
import { createProblem, type Problem } from '#lib/create/create-messages.ts';
import { manifestType } from './file-selection.ts';

export interface FilesCreateDeps extends Pick<
  CreateDeps,
  'newKdfParams' | 'derivePassKey' | 'formatLink' | 'remember' | 'now'
> {
  api: Pick<ApiClient, 'create' | 'expire' | 'uploadChunk' | 'uploadStatus' | 'finalizeUpload' | 'meta'>;
  sealFiles: (
    files: readonly FileInput[],
    options: { message?: string; passphrase?: PassKeyInput; maxEnvelopeBytes?: number },
  ) => SealedFilesPush;
  uploadFiles: (deps: UploadDeps, input: UploadInput) => Promise<UploadResult>;
  /** Starts sealers (the worker pool) for these plans; `close` stops them and drops their keys. */
  startSealers: (plans: SealedFilesPush['plans']) => { seal: ChunkSealer; close: () => void };
  /** Removes the dashboard entry of a push that was cancelled before it was ever usable. */
  forget: (id: string) => void;
}

/** A picked file: its bytes (Blob) and what the manifest records of it. */
type PickedFile = Blob & { readonly name: string };

export interface FilesCreateInput extends PushSettings {
  files: readonly PickedFile[];
  /** Optional note shown with the files; empty: none. */
  message: string;
  onKdfProgress?: (fraction: number) => void;
  onUploadProgress?: (progress: UploadProgress) => void;
  /** Cancels the derivation or the upload; an upload cancelled this way expires the push. */
  signal?: AbortSignal;
}

export type FilesOutcome =
  | Created
  | { kind: 'problem'; problem: Problem }
  /** `expired`: the server confirmed the half-uploaded push is gone. */
  | { kind: 'cancelled'; expired: boolean }
  /** The connection stayed down; the chunks sent so far are kept on the server for a while. */
  | {
      kind: 'interrupted';
      problem: Problem;
      resume: (signal?: AbortSignal) => Promise<FilesOutcome>;
      abandon: () => Promise<void>;
    };

const problem = (message: string, retry = false): { kind: 'problem'; problem: Problem } => ({
  kind: 'problem',
  problem: { message, retry },
});

/** Words for an upload that ended in a refusal or a local failure (never echoing file contents). */
function uploadProblem(result: Exclude<UploadResult, { kind: 'ok' | 'cancelled' | 'network' }>): Problem {
  switch (result.kind) {
    case 'read_failed':
      return {
        message: `File ${result.file + 1} could not be read. Was it moved, deleted or changed while uploading? Choose it again and retry.`,
        retry: true,
      };
    case 'seal_failed':
      return { message: 'The encryption in this browser stopped. Reload the page and try again.', retry: true };
    case 'bad_response':
      return { message: `The server sent an answer we don't understand (HTTP ${result.status}).`, retry: true };
    case 'error':
      switch (result.code) {
        case 'insufficient_storage':
          return { message: 'The server has run out of space for files. Try again later or send less.', retry: true };
        case 'gone':
        case 'not_found':
          return { message: 'The link was deleted or expired before the upload finished.', retry: true };
        case 'unauthorized':
        case 'forbidden':
          return {
            message: 'The server no longer accepts this upload (it may have waited too long). Start again.',
            retry: true,
          };
        default:
          return { message: `The server refused the upload (${result.code}). Try again.`, retry: true };
      }
  }
}

function createRefusal(result: Parameters<typeof createProblem>[0]): Problem {
  if (result.kind === 'error' && result.code === 'insufficient_storage') {
    return { message: 'The server has no space for these files right now. Try again later or send less.', retry: true };
  }
  if (result.kind === 'error' && result.code === 'payload_too_large') {
    return { message: 'These files are too large for this server.', retry: false };
  }
  if (result.kind === 'error' && result.code === 'forbidden') {
    return { message: 'This server does not accept files.', retry: false };
  }
  if (result.kind === 'error' && result.code === 'rate_limited' && result.limit === 'pending_uploads') {
    // Not "too many requests": this address has started uploads it has not finished (docs/api.md).
    return {
      message:
        'Uploads started from your address have not finished yet, and this push would go over what the server ' +
        'holds for one sender. Let those uploads finish, or delete them from the dashboard, then try again.',
      retry: true,
    };
  }
  return createProblem(result);
}

export async function createFilesPush(deps: FilesCreateDeps, input: FilesCreateInput): Promise<FilesOutcome> {
  let passphrase: PassKeyInput | undefined;
  if (input.passphrase) {
    const derived = await deriveForCreate(deps, input.passphrase, {
      ...(input.onKdfProgress ? { onProgress: input.onKdfProgress } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
    });
    if (derived.kind === 'cancelled') return { kind: 'cancelled', expired: false };
    if (derived.kind !== 'ok') return derived;
    passphrase = { passKey: derived.passKey, kdf: derived.kdf };
  }
  let sealed: SealedFilesPush;
  try {
    sealed = deps.sealFiles(
      input.files.map((f) => ({ name: f.name, type: manifestType(f.type), size: f.size })),
      {
        ...(input.message ? { message: input.message } : {}),
        ...(passphrase ? { passphrase } : {}),
        maxEnvelopeBytes: input.maxEnvelopeBytes,
      },
    );
  } catch {
    return problem('The file names and the message are too long for this server. Shorten the message.');
  } finally {
    passphrase?.passKey.fill(0);
  }
  if (input.signal?.aborted) return { kind: 'cancelled', expired: false };

  const created = await deps.api.create({ ...sealed.request, ...lifecycleRequest(input) });
  if (created.kind !== 'ok') return { kind: 'problem', problem: createRefusal(created) };
  const { id, ownerToken, upload } = created.value;
  if (!upload) return problem('The server did not open an upload for these files (is it an older zkpush?).');
  const uploadToken = upload.token;
  const done = rememberCreated(deps, input, created.value, {
    linkKey: sealed.linkKey,
    hasPassphrase: sealed.request.passphrase !== undefined,
    files: input.files.length,
  });
  sealed.linkKey.fill(0);

  const wipe = (): void => {
    for (const plan of sealed.plans) plan.keys.fileKey.fill(0);
  };
  const expire = async (): Promise<boolean> => {
    const r = await deps.api.expire(id, ownerToken);
    const gone = r.kind === 'ok' || (r.kind === 'error' && (r.code === 'gone' || r.code === 'not_found'));
    if (gone) deps.forget(id);
    return gone;
  };

  // Shared by the first upload and every resume, so a resumed pass cannot re-seal a chunk whose file
  // changed meanwhile under the nonce it already used (shared/src/sealed-chunks.ts).
  const sealedChunks = createSealedChunks();
  async function run(resume: boolean, signal: AbortSignal | undefined): Promise<FilesOutcome> {
    const sealers = deps.startSealers(sealed.plans);
    let result: UploadResult;
    try {
      result = await deps.uploadFiles(
        { api: deps.api, seal: sealers.seal, open: blobOpener(input.files) },
        {
          id,
          uploadToken,
          files: sealed.plans.map((p) => ({ size: p.entry.size, layout: p.layout })),
          resume,
          sealedChunks,
          ...(signal ? { signal } : {}),
          ...(input.onUploadProgress ? { onProgress: input.onUploadProgress } : {}),
        },
      );
    } finally {
      sealers.close();
    }
    switch (result.kind) {
      case 'ok':
        wipe();
        return done;
      case 'cancelled':
        wipe();
        return { kind: 'cancelled', expired: await expire() };
      case 'network':
        return {
          kind: 'interrupted',
          problem: {
            message:
              "The connection to the server was lost. What was sent is kept for a while: resume when you're back online.",
            retry: true,
          },
          resume: (next) => run(true, next),
          abandon: async () => {
            wipe();
            await expire();
          },
        };
      default:
        wipe();
        await expire();
        return { kind: 'problem', problem: uploadProblem(result) };
    }
  }

  return run(false, input.signal);
}
