/**
 * The plaintext inside an envelope (docs/wire-format.md §5): UTF-8 JSON of a versioned,
 * tagged structure, length-prefixed and zero-padded to a Padmé bucket so the ciphertext length
 * reveals only O(log log n) bits of the secret's size.
 *
 *   framed = u32be(L) ‖ JSON (L bytes) ‖ 0x00 × (paddedLength(4 + L) − 4 − L)
 */
import { canonicalFiles, decodeFilesObject, type FilesPayload } from './manifest.ts';
import { padmeLength } from './padding.ts';
import { LENGTH_PREFIX_BYTES, MIN_BUCKET, PAYLOAD_VERSION } from './wire-constants.ts';

/** A text secret (a password, a note). */
type TextPayload = { v: typeof PAYLOAD_VERSION; kind: 'text'; text: string };
/** `text`, or `files` (the manifest of a file push, manifest.ts). A later `url` kind joins this union. */
export type Payload = TextPayload | FilesPayload;

type DecodedPayload = { kind: 'ok'; payload: Payload } | { kind: 'malformed'; message: string };

/** Largest value a u32 length prefix can carry. */
const MAX_JSON_BYTES = 0xffff_ffff;

const TEXT_FIELDS: readonly string[] = ['v', 'kind', 'text'];
/** Shape of a kind name worth echoing in an error (a kind from a newer client, like "url"), never free text. */
const KIND_NAME = /^[a-z][a-z0-9_-]{0,31}$/;

/**
 * Padmé (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and Communication with
 * PURBs", PETS 2019, Algorithm 1) for frame lengths, which the u32 length prefix bounds; padding.ts
 * has the algorithm and its commentary.
 */
export function padme(n: number): number {
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_JSON_BYTES) throw new RangeError(`padme: bad length ${n}`);
  return padmeLength(n);
}

/**
 * Framed (padded) plaintext length for `n` = 4 + L bytes of length prefix and JSON:
 * max(MIN_BUCKET, Padmé(n)). Every secret whose JSON is ≤ 508 bytes pads to the same 512.
 */
export function paddedLength(n: number): number {
  return Math.max(MIN_BUCKET, padme(n));
}

/** Serialises with a fixed key order so the same payload always frames to the same bytes. */
function payloadJson(p: Payload): Uint8Array {
  const canonical = p.kind === 'text' ? { v: p.v, kind: p.kind, text: p.text } : canonicalFiles(p);
  return new TextEncoder().encode(JSON.stringify(canonical));
}

/** Length of encodePayload(p) without building it (for size checks before sealing). */
export function framedLength(p: Payload): number {
  return paddedLength(LENGTH_PREFIX_BYTES + payloadJson(p).length);
}

export function encodePayload(p: Payload): Uint8Array {
  const json = payloadJson(p);
  if (json.length > MAX_JSON_BYTES - LENGTH_PREFIX_BYTES) throw new RangeError('payload too large to frame');
  const out = new Uint8Array(paddedLength(LENGTH_PREFIX_BYTES + json.length)); // zero-filled
  new DataView(out.buffer).setUint32(0, json.length, false);
  out.set(json, LENGTH_PREFIX_BYTES);
  return out;
}

const malformed = (message: string): DecodedPayload => ({ kind: 'malformed', message });

/**
 * Strict inverse of encodePayload: the frame must have exactly the canonical padded length, all
 * padding must be zero, the JSON must be valid UTF-8 and a known `v`/`kind` with no extra fields.
 * Runs only on authenticated plaintext, so these checks catch encoder bugs and future formats.
 */
export function decodePayload(bytes: Uint8Array): DecodedPayload {
  if (bytes.length < LENGTH_PREFIX_BYTES) return malformed('payload is shorter than its length prefix');
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, false);
  const end = LENGTH_PREFIX_BYTES + len;
  if (end > bytes.length) return malformed(`payload length ${len} exceeds the ${bytes.length}-byte frame`);
  if (bytes.length !== paddedLength(end)) {
    return malformed(`frame is ${bytes.length} bytes; a ${len}-byte payload pads to ${paddedLength(end)}`);
  }
  for (let i = end; i < bytes.length; i++) {
    if (bytes[i] !== 0) return malformed('padding is not all zero');
  }
  let value: unknown;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(LENGTH_PREFIX_BYTES, end),
    );
    value = JSON.parse(text);
  } catch {
    return malformed('payload is not UTF-8 JSON');
  }
  // Messages name fields and known-safe values only: a buggy sender's secret must not reach a log.
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return malformed('payload is not a JSON object');
  }
  if (!('v' in value) || value.v !== PAYLOAD_VERSION) {
    const seen = 'v' in value && Number.isSafeInteger(value.v) ? ` ${String(value.v)}` : '';
    return malformed(`unsupported payload version${seen}`);
  }
  if ('kind' in value && value.kind === 'files') return decodeFilesObject(value);
  if (!('kind' in value) || value.kind !== 'text') {
    const seen =
      'kind' in value && typeof value.kind === 'string' && KIND_NAME.test(value.kind) ? ` "${value.kind}"` : '';
    return malformed(`unsupported payload kind${seen}`);
  }
  if (!('text' in value) || typeof value.text !== 'string') return malformed('text payload has no "text" string');
  const extra = Object.keys(value).filter((k) => !TEXT_FIELDS.includes(k));
  if (extra.length > 0) return malformed(`text payload has ${extra.length} unknown field(s)`);
  return { kind: 'ok', payload: { v: PAYLOAD_VERSION, kind: 'text', text: value.text } };
}
