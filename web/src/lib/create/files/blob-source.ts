/**
 * A Blob's bytes as an async iterable (what the uploader reads, shared/src/upload.ts), through a
 * reader rather than ReadableStream's own async iterator so older engines work too. Leaving the loop
 * early cancels the read, which is how the uploader stops reading a file at the end of a run.
 */
export async function* blobChunks(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The uploader's OpenSource over picked files: file `i` from byte `start`. */
export function blobOpener(files: readonly Blob[]): (file: number, start: number) => AsyncIterable<Uint8Array> {
  return (file, start) => {
    const blob = files[file];
    if (!blob) throw new RangeError(`no file ${file}`);
    return blobChunks(blob.slice(start));
  };
}
