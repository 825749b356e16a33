/**
 * The `files` payload kind (docs/wire-format.md §12.1): the encrypted manifest of a file push. Names,
 * MIME types and exact sizes exist only here, inside the envelope; the server sees one padded size per
 * file and the number of files. Decoding is strict like the text kind's, and its messages name fields
 * and positions, never values (a file name can be as sensitive as the file).
 */
import { fromBase64url, toBase64url } from './base64url.ts';
import { fileLayout } from '../crypto/file-stream.ts';
import { FILE_CHUNK_BYTES, FILE_NONCE_PREFIX_BYTES, MAX_MANIFEST_FILES, PAYLOAD_VERSION } from './wire-constants.ts';

export type FileEntry = {
  /** As the sender's system named it; a receiver must sanitise it before using it as a path. */
  name: string;
  /** MIME type as the sender's system reported it; may be empty (unknown). */
  type: string;
  /** Exact size in bytes (before padding). */
  size: number;
  /** FILE_CHUNK_BYTES in v1. */
  chunkSize: number;
  /** ⌈paddedFileSize(size) / chunkSize⌉. */
  chunks: number;
  /** STREAM nonce prefix, 19 bytes, base64url. */
  noncePrefix: string;
};

export type FilesPayload = {
  v: typeof PAYLOAD_VERSION;
  kind: 'files';
  /** Optional note shown above the files; absent rather than empty when there is none. */
  message?: string;
  files: FileEntry[];
};

/** Bounds of the format itself; servers enforce tighter, configurable ones (ZKPUSH_MAX_FILES …). */
export { MAX_MANIFEST_FILES };
export const MAX_FILE_NAME_LENGTH = 1024;
export const MAX_FILE_TYPE_LENGTH = 255;
/** Printable ASCII without spaces or quotes: what a MIME type (RFC 6838 §4.2, with parameters) can hold. */
const MIME_TYPE = /^[\x21-\x7e]*$/;

const FILES_FIELDS: readonly string[] = ['v', 'kind', 'message', 'files'];
const ENTRY_FIELDS: readonly string[] = ['name', 'type', 'size', 'chunkSize', 'chunks', 'noncePrefix'];

/** A manifest entry for a file of `size` bytes (the sender side; the prefix comes from the CSPRNG). */
export function fileEntry(name: string, type: string, size: number, noncePrefix: Uint8Array): FileEntry {
  if (noncePrefix.length !== FILE_NONCE_PREFIX_BYTES) throw new RangeError('bad nonce prefix length');
  const { chunks } = fileLayout(size);
  return { name, type, size, chunkSize: FILE_CHUNK_BYTES, chunks, noncePrefix: toBase64url(noncePrefix) };
}

/** Fixed member order, so the same manifest always frames to the same bytes (frozen vectors). */
export function canonicalFiles(p: FilesPayload): object {
  const files = p.files.map((f) => ({
    name: f.name,
    type: f.type,
    size: f.size,
    chunkSize: f.chunkSize,
    chunks: f.chunks,
    noncePrefix: f.noncePrefix,
  }));
  return p.message === undefined
    ? { v: p.v, kind: p.kind, files }
    : { v: p.v, kind: p.kind, message: p.message, files };
}

type DecodedFiles = { kind: 'ok'; payload: FilesPayload } | { kind: 'malformed'; message: string };

const malformed = (message: string): DecodedFiles => ({ kind: 'malformed', message });
/** An own member of a parsed JSON object (JSON.parse never produces accessors or prototypes to worry about). */
const member = (o: object, key: string): unknown => (Object.hasOwn(o, key) ? Reflect.get(o, key) : undefined);

function entryProblem(value: unknown, i: number): string | FileEntry {
  const at = `files[${i}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${at} is not an object`;
  const extra = Object.keys(value).filter((k) => !ENTRY_FIELDS.includes(k));
  if (extra.length > 0) return `${at} has ${extra.length} unknown field(s)`;
  const [name, type, size, chunkSize, chunks, noncePrefix] = ENTRY_FIELDS.map((k) => member(value, k));
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_FILE_NAME_LENGTH) {
    return `${at}.name must be a string of 1–${MAX_FILE_NAME_LENGTH} characters`;
  }
  if (typeof type !== 'string' || type.length > MAX_FILE_TYPE_LENGTH || !MIME_TYPE.test(type)) {
    return `${at}.type must be a MIME type of at most ${MAX_FILE_TYPE_LENGTH} printable characters`;
  }
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return `${at}.size must be a byte count`;
  if (typeof chunkSize !== 'number' || chunkSize !== FILE_CHUNK_BYTES)
    return `${at}.chunkSize must be ${FILE_CHUNK_BYTES}`;
  if (typeof chunks !== 'number' || chunks !== fileLayout(size).chunks) return `${at}.chunks does not match its size`;
  const prefix = typeof noncePrefix === 'string' ? fromBase64url(noncePrefix) : undefined;
  if (prefix?.length !== FILE_NONCE_PREFIX_BYTES || typeof noncePrefix !== 'string') {
    return `${at}.noncePrefix must be ${FILE_NONCE_PREFIX_BYTES} bytes of base64url`;
  }
  return { name, type, size, chunkSize, chunks, noncePrefix };
}

/** Validates a parsed JSON object whose `v` is 1 and `kind` is "files" (payload.ts checked those). */
export function decodeFilesObject(value: object): DecodedFiles {
  const extra = Object.keys(value).filter((k) => !FILES_FIELDS.includes(k));
  if (extra.length > 0) return malformed(`files payload has ${extra.length} unknown field(s)`);
  const message = member(value, 'message');
  if (Object.hasOwn(value, 'message') && typeof message !== 'string') {
    return malformed('files payload "message" is not a string');
  }
  const list = member(value, 'files');
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MANIFEST_FILES) {
    return malformed(`files payload needs 1–${MAX_MANIFEST_FILES} entries in "files"`);
  }
  const files: FileEntry[] = [];
  for (let i = 0; i < list.length; i++) {
    const entry = entryProblem(list[i], i);
    if (typeof entry === 'string') return malformed(entry);
    files.push(entry);
  }
  const payload: FilesPayload =
    typeof message === 'string'
      ? { v: PAYLOAD_VERSION, kind: 'files', message, files }
      : { v: PAYLOAD_VERSION, kind: 'files', files };
  return { kind: 'ok', payload };
}
