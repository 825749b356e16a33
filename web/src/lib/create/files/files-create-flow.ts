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
import {
  fileErrors,
  filesCreateProblem,
  NO_UPLOAD,
  UPLOAD_INTERRUPTED,
  uploadProblem,
  type Problem,
} from '#lib/create/create-messages.ts';
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
    return problem(fileErrors.manifestTooLong);
  } finally {
    passphrase?.passKey.fill(0);
  }
  if (input.signal?.aborted) return { kind: 'cancelled', expired: false };

  const created = await deps.api.create({ ...sealed.request, ...lifecycleRequest(input) });
  if (created.kind !== 'ok') return { kind: 'problem', problem: filesCreateProblem(created) };
  const { id, ownerToken, upload } = created.value;
  if (!upload) return problem(NO_UPLOAD());
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
          problem: UPLOAD_INTERRUPTED,
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
