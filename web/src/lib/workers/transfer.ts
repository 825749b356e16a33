/**
 * What the worker families' messages share (seal, open, and the download bridge's port): moving a
 * buffer instead of copying it, and the job id that answers a request too broken to carry its own.
 */

/** The id to answer a request that could not be parsed. */
export const UNKNOWN_JOB = 0;

/** The buffer to transfer for `bytes`: its own if the view covers it exactly, else a copy's. */
export function transferable(bytes: Uint8Array): { bytes: Uint8Array<ArrayBuffer>; buffer: ArrayBuffer } {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength) {
    return { bytes: new Uint8Array(bytes.buffer), buffer: bytes.buffer };
  }
  const copy = new Uint8Array(bytes);
  return { bytes: copy, buffer: copy.buffer };
}
