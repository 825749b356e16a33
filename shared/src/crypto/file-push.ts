/**
 * File pushes composed from the parts (docs/wire-format.md §12): the manifest is sealed as the push's
 * envelope exactly like a text payload (push.ts), each file gets a STREAM key from the same IKM, and
 * the server is told only the padded size of each file. Used by the web app, the CLI and the tests.
 */
import { fromBase64url } from '../wire/base64url.ts';
import { deriveFileKey, randomBytes } from './crypto.ts';
import { fileLayout, type BlobLayout, type FileKeys } from './file-stream.ts';
import type { KdfParams } from '../wire/kdf-params.ts';
import { fileEntry, type FileEntry, type FilesPayload } from '../wire/manifest.ts';
import { sealPush, sealPushWithPassKey, type SealOptions } from './push.ts';
import type { DeclaredFile, PassphraseLock } from '../wire/schemas.ts';
import { FILE_NONCE_PREFIX_BYTES, LINK_KEY_BYTES } from '../wire/wire-constants.ts';

/** What the sender knows of a file before reading it (File.name/type/size, fs.stat). */
export type FileInput = { name: string; type: string; size: number };

/** One file ready to stream: its manifest entry, layout and STREAM keys. */
export type FileStreamPlan = { entry: FileEntry; layout: BlobLayout; keys: FileKeys };

export type SealedFilesPush = {
  /** K, for the link fragment only. */
  linkKey: Uint8Array;
  /** The create request: the manifest envelope, proofs and the declared padded sizes. */
  request: { envelope: string; keyProofHash: string; files: DeclaredFile[]; passphrase?: PassphraseLock };
  /** Per file, in manifest order: what the uploader encrypts with. Never sent anywhere. */
  plans: FileStreamPlan[];
};

/** The passphrase half of a passphrase file push: P (from the KDF worker) and its public parameters. */
export type PassKeyInput = { passKey: Uint8Array; kdf: KdfParams };

/** STREAM keys of every file of an opened manifest (the recipient side). */
export function filePlans(
  linkKey: Uint8Array,
  passKey: Uint8Array | undefined,
  payload: FilesPayload,
): FileStreamPlan[] {
  return payload.files.map((entry, index) => {
    const noncePrefix = fromBase64url(entry.noncePrefix);
    // decodePayload checked the prefix; a failure here is a caller passing an unchecked manifest.
    if (noncePrefix?.length !== FILE_NONCE_PREFIX_BYTES) throw new RangeError(`files[${index}]: bad nonce prefix`);
    return {
      entry,
      layout: fileLayout(entry.size),
      keys: { fileKey: deriveFileKey(linkKey, passKey ?? new Uint8Array(0), index), noncePrefix },
    };
  });
}

/**
 * Seals the manifest of `files` under a fresh K (and P when given) and plans their streams. `message`
 * is an optional note shown with the files. Throws EnvelopeTooLargeError like sealText when the
 * manifest would exceed `maxEnvelopeBytes`, and RangeError for an empty list or a bad size.
 */
export function sealFiles(
  files: readonly FileInput[],
  options: SealOptions & {
    message?: string;
    passphrase?: PassKeyInput;
    /** Test seams for the frozen vectors only: production callers leave them out. */
    linkKey?: Uint8Array;
    prefixes?: readonly Uint8Array[];
    nonce?: Uint8Array;
  } = {},
): SealedFilesPush {
  if (files.length === 0) throw new RangeError('a file push needs at least one file');
  const linkKey = options.linkKey ?? randomBytes(LINK_KEY_BYTES);
  const entries = files.map((f, i) =>
    fileEntry(f.name, f.type, f.size, options.prefixes?.[i] ?? randomBytes(FILE_NONCE_PREFIX_BYTES)),
  );
  const payload: FilesPayload =
    options.message === undefined
      ? { v: 1, kind: 'files', files: entries }
      : { v: 1, kind: 'files', message: options.message, files: entries };
  const declared = entries.map((e) => ({ paddedSize: fileLayout(e.size).paddedSize }));
  const seal = { maxEnvelopeBytes: options.maxEnvelopeBytes, nonce: options.nonce };
  const pass = options.passphrase;
  const sealed = pass
    ? sealPushWithPassKey(payload, linkKey, pass.passKey, pass.kdf, seal)
    : sealPush(payload, linkKey, seal);
  return {
    linkKey,
    request: { ...sealed.request, files: declared },
    plans: filePlans(linkKey, pass?.passKey, payload),
  };
}
