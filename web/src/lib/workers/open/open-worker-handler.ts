/**
 * The worker side of chunk opening, without worker globals so Node tests drive it: keep the keys the
 * page sent in `init` (in this worker's memory only, gone when the page terminates it) and answer
 * each `open` job with openChunk's verdict (shared/src/file-stream.ts, docs/wire-format.md §12.3).
 * Only the tag is checked here; the padding and the order are the page's (parallel-opener.ts).
 */
import * as v from 'valibot';
import { blobLayout, openChunk, type BlobLayout, type FileKeys } from '@zkpush/shared/file-stream';
import { OpenRequest, type OpenResponse } from './open-protocol.ts';
import { transferable, UNKNOWN_JOB } from '#lib/workers/transfer.ts';

type Post = (message: OpenResponse, transfer: ArrayBuffer[]) => void;

export function createOpenHandler(post: Post): (data: unknown) => void {
  let file: { keys: FileKeys; layout: BlobLayout } | undefined;
  return (data) => {
    const parsed = v.safeParse(OpenRequest, data);
    if (!parsed.success) {
      post({ type: 'failed', id: UNKNOWN_JOB, message: 'invalid request to the opening worker' }, []);
      return;
    }
    const msg = parsed.output;
    if (msg.type === 'init') {
      const layout = blobLayout(msg.paddedSize);
      file = layout ? { keys: { fileKey: msg.fileKey, noncePrefix: msg.noncePrefix }, layout } : undefined;
      if (!layout) post({ type: 'failed', id: UNKNOWN_JOB, message: 'not a padded size' }, []);
      return;
    }
    if (!file) return post({ type: 'failed', id: msg.id, message: 'no keys' }, []);
    if (msg.chunk >= file.layout.chunks)
      return post({ type: 'failed', id: msg.id, message: `no chunk ${msg.chunk}` }, []);
    const plain = openChunk(file.keys, file.layout, msg.chunk, msg.ciphertext);
    if (plain === undefined) return post({ type: 'forged', id: msg.id }, []);
    const out = transferable(plain);
    post({ type: 'opened', id: msg.id, plaintext: out.bytes }, [out.buffer]);
  };
}
