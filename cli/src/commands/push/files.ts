/**
 * `zkpush push -f FILE …`: a file push (docs/wire-format.md §12.5). The files are looked at and
 * checked against the server's limits first (file-inputs.ts) — nothing is created for a typo or a
 * file too large. Then, as the web app does: P if there is a passphrase, the manifest sealed with the
 * shared sealFiles (names, types, sizes and the note only inside it), the push created with the
 * padded sizes declared, every file streamed from disk through the shared uploadFiles (window,
 * retries, resume) and finalised. Only then is the link printed.
 *
 * Ctrl-C, or an upload that cannot finish, expires the half-made push with its owner token, so
 * nothing lingers until the server's idle timeout; the link is never printed for it.
 */
import type { ApiClient } from '@zkpush/shared/api-client';
import { formatBytes } from '@zkpush/shared/byte-format';
import { sealFiles, type PassKeyInput, type SealedFilesPush } from '@zkpush/shared/file-push';
import { newKdfParams } from '@zkpush/shared/kdf-params';
import { formatLink } from '@zkpush/shared/link';
import { fileEntry } from '@zkpush/shared/manifest';
import { derivePassKey } from '@zkpush/shared/passphrase';
import { envelopeBytesFor } from '@zkpush/shared/push';
import { uploadFiles, type UploadResult } from '@zkpush/shared/upload';
import { FILE_NONCE_PREFIX_BYTES } from '@zkpush/shared/wire-constants';
import type { Outcome } from '../../args/define-command.ts';
import type { Parsed } from '../../args/parse.ts';
import { createClient } from '../../runtime/client.ts';
import type { Context } from '../../runtime/context.ts';
import { EXIT, fail, failureFromApi, type Failure } from '../../runtime/exit-codes.ts';
import { checkFileLimits, statFiles, type PushFile } from './file-inputs.ts';
import { diskSource, mainThreadSealer } from './file-upload.ts';
import { kdfProgress } from '../../terminal/kdf-progress.ts';
import type { PassphraseSource } from '../../args/passphrase.ts';
import { readMessage, type MessageSource } from './input.ts';
import { getPushPassphrase } from './passphrase.ts';
import { checkBounds, checkPassphraseAllowed, checkRecipientAllowed, reportCreated } from './common.ts';
import { printable } from '../../terminal/terminal-text.ts';
import { terminalMessages } from '../../terminal/messages.ts';
import { transferProgress } from '../../terminal/transfer-progress.ts';
import { pushMessages as m } from './messages.ts';

interface FilesPushInput {
  paths: readonly string[];
  message: MessageSource;
  passphrase: PassphraseSource;
  origin: string;
  views: number | undefined;
  expiresIn: number | undefined;
  json: boolean;
  quiet: boolean;
  keepNewline: boolean;
  /** --lang: the language segment of the printed link. */
  lang?: string;
  /** --recipient: sent in the create request. */
  recipient?: string;
}

const failed = (failure: Failure): Outcome => ({ kind: 'fail', failure });

/** The manifest's envelope size, known before any key exists (the prefixes' length is fixed). */
function manifestBytes(files: readonly PushFile[], message: string | undefined): number {
  const prefix = new Uint8Array(FILE_NONCE_PREFIX_BYTES);
  const entries = files.map((f) => fileEntry(f.name, f.type, f.size, prefix));
  return envelopeBytesFor(
    message === undefined ? { v: 1, kind: 'files', files: entries } : { v: 1, kind: 'files', message, files: entries },
  );
}

/** P for a new passphrase push, at the Context's cost, with a percentage for a person watching. */
async function passKeyFor(passphrase: string, ctx: Context, quiet: boolean): Promise<Parsed<PassKeyInput>> {
  const kdf = newKdfParams(ctx.passphraseCost);
  const progress = kdfProgress(ctx, quiet);
  try {
    const derived = await derivePassKey(
      passphrase,
      kdf,
      progress.onProgress ? { onProgress: progress.onProgress } : {},
    );
    if (derived.kind !== 'ok') return { kind: 'fail', failure: fail(EXIT.other, derived.message) };
    return { kind: 'ok', value: { passKey: derived.passKey, kdf } };
  } finally {
    progress.done();
  }
}

/** Expires a half-made push; true when the server confirms it is gone. */
async function expireHalfMade(api: ApiClient, id: string, ownerToken: string): Promise<boolean> {
  const r = await api.expire(id, ownerToken);
  return r.kind === 'ok' || (r.kind === 'error' && (r.code === 'gone' || r.code === 'not_found'));
}

/** Why the upload stopped, in words naming the file (never its contents). */
function uploadFailure(result: Exclude<UploadResult, { kind: 'ok' }>, files: readonly PushFile[], origin: string) {
  const fileName = (i: number): string => printable(files[i]?.arg ?? m.fileNumber(i + 1));
  switch (result.kind) {
    case 'cancelled':
      return fail(EXIT.interrupted, m.uploadCancelled);
    case 'network':
      return fail(EXIT.network, m.connectionLost(origin, result.message));
    case 'read_failed':
      return fail(EXIT.other, m.readFailed(fileName(result.file), result.message));
    case 'seal_failed':
      return fail(EXIT.other, m.sealFailed(fileName(result.file), result.message));
    case 'error':
    case 'bad_response':
      return failureFromApi(result, origin);
  }
}

export async function pushFiles(input: FilesPushInput, ctx: Context): Promise<Outcome> {
  const { origin, quiet } = input;
  const looked = statFiles(input.paths, ctx.cwd);
  if (looked.kind === 'fail') return looked;
  const files = looked.value;

  const api = createClient(origin, ctx.fetch);
  const config = await api.config();
  if (config.kind !== 'ok') return failed(failureFromApi(config, origin));
  const refused =
    checkBounds(config.value, input.views, input.expiresIn) ??
    checkFileLimits(files, config.value.files) ??
    checkPassphraseAllowed(config.value, input.passphrase) ??
    checkRecipientAllowed(config.value, input.recipient);
  if (refused) return failed(refused);
  const { maxEnvelopeBytes } = config.value;

  // Before the message: when the prompt falls back to stdin (no /dev/tty), stdin is read after it.
  const passphrase = await getPushPassphrase(input.passphrase, ctx);
  if (passphrase.kind === 'fail') return passphrase;
  const message = await readMessage(input.message, { keepNewline: input.keepNewline, maxBytes: maxEnvelopeBytes }, ctx);
  if (message.kind === 'fail') return message;
  const envelopeBytes = manifestBytes(files, message.value);
  if (envelopeBytes > maxEnvelopeBytes) {
    return failed(fail(EXIT.usage, m.manifestTooLarge(envelopeBytes, maxEnvelopeBytes)));
  }

  let passKey: PassKeyInput | undefined;
  if (passphrase.value !== null) {
    const derived = await passKeyFor(passphrase.value, ctx, quiet);
    if (derived.kind === 'fail') return derived;
    passKey = derived.value;
  }
  let sealed: SealedFilesPush;
  try {
    sealed = sealFiles(files, {
      maxEnvelopeBytes,
      ...(message.value === undefined ? {} : { message: message.value }),
      ...(passKey ? { passphrase: passKey } : {}),
    });
  } finally {
    passKey?.passKey.fill(0);
  }
  try {
    return await createAndUpload(ctx, api, input, files, sealed, config.value.passphrase.maxAttempts);
  } finally {
    sealed.linkKey.fill(0);
    for (const plan of sealed.plans) plan.keys.fileKey.fill(0);
  }
}

async function createAndUpload(
  ctx: Context,
  api: ApiClient,
  input: FilesPushInput,
  files: readonly PushFile[],
  sealed: SealedFilesPush,
  maxAttempts: number,
): Promise<Outcome> {
  const { origin, quiet } = input;
  const cancel = new AbortController();
  const stopListening = ctx.onInterrupt(() => cancel.abort());
  const progress = transferProgress(ctx, { quiet, verb: m.uploading, names: files.map((f) => f.name) });
  try {
    const created = await api.create({
      ...sealed.request,
      ...(input.views === undefined ? {} : { views: input.views }),
      ...(input.expiresIn === undefined ? {} : { expiresIn: input.expiresIn }),
      ...(input.recipient === undefined ? {} : { recipient: input.recipient }),
    });
    if (created.kind !== 'ok') return failed(failureFromApi(created, origin));
    const { id, ownerToken, expiresAt, views, upload } = created.value;
    if (upload === undefined) {
      await expireHalfMade(api, id, ownerToken);
      return failed(fail(EXIT.server, m.noUpload(origin)));
    }
    const result = cancel.signal.aborted
      ? ({ kind: 'cancelled' } as const)
      : await uploadFiles(
          { api, seal: mainThreadSealer(sealed.plans), open: diskSource(files.map((f) => f.path)) },
          {
            id,
            uploadToken: upload.token,
            files: sealed.plans.map((p) => ({ size: p.entry.size, layout: p.layout })),
            signal: cancel.signal,
            // Shown in the files' own bytes: the padding and tags are the uploader's business.
            onProgress: (p) =>
              progress.update(
                p.files.map((f, i) => {
                  const size = files[i]?.size ?? 0;
                  const complete = f.sentBytes >= f.totalBytes;
                  return {
                    done: complete ? size : Math.floor((f.sentBytes / f.totalBytes) * size),
                    total: size,
                    complete,
                  };
                }),
                p.phase === 'reconnecting' ? m.reconnecting : p.phase === 'finalizing' ? m.finishing : undefined,
              ),
          },
        );
    progress.done();
    if (result.kind !== 'ok') {
      const why = uploadFailure(result, files, origin);
      const expired = await expireHalfMade(api, id, ownerToken);
      const after = expired ? m.halfMadeDeleted : m.halfMadeLeft;
      return failed({ ...why, message: m.uploadFailed(why.message, after) });
    }
    const padded = sealed.request.files.reduce((n, f) => n + f.paddedSize, 0);
    const exact = files.reduce((n, f) => n + f.size, 0);
    const count = terminalMessages.fileCount(files.length);
    reportCreated(
      ctx,
      { link: formatLink(origin, id, sealed.linkKey, input.lang), id, ownerToken, expiresAt, views },
      {
        json: input.json,
        quiet,
        extraJson: { files: sealed.request.files },
        notes: [m.filesPushed(count, formatBytes(exact), formatBytes(padded))],
        ...(sealed.request.passphrase ? { lockedAttempts: maxAttempts } : {}),
      },
    );
    return { kind: 'ok' };
  } finally {
    progress.done();
    stopListening();
  }
}
