/**
 * The worker side of chunk sealing, without worker globals so Node tests drive it: keep the keys the
 * page sent in `init` (in this worker's memory only, gone when the page terminates it) and answer
 * each `seal` job with sealChunk's output (shared/src/file-stream.ts, docs/wire-format.md §12.3).
 */
import * as v from 'valibot';
import { blobLayout, sealChunk, type BlobLayout, type FileKeys } from '@zkpush/shared/file-stream';
import { SealRequest, type SealResponse } from './seal-protocol.ts';
import { transferable, UNKNOWN_JOB } from '#lib/workers/transfer.ts';

type Post = (message: SealResponse, transfer: ArrayBuffer[]) => void;

export function createSealHandler(post: Post): (data: unknown) => void {
  let files: { keys: FileKeys; layout: BlobLayout }[] | undefined;
  return (data) => {
    const parsed = v.safeParse(SealRequest, data);
    if (!parsed.success) {
      post({ type: 'failed', id: UNKNOWN_JOB, message: 'invalid request to the sealing worker' }, []);
      return;
    }
    const msg = parsed.output;
    if (msg.type === 'init') {
      files = [];
      for (const f of msg.files) {
        const layout = blobLayout(f.paddedSize);
        if (!layout) return post({ type: 'failed', id: UNKNOWN_JOB, message: 'not a padded size' }, []);
        files.push({ keys: { fileKey: f.fileKey, noncePrefix: f.noncePrefix }, layout });
      }
      return;
    }
    const file = files?.[msg.file];
    if (!file) return post({ type: 'failed', id: msg.id, message: `no keys for file ${msg.file}` }, []);
    let sealed: Uint8Array;
    try {
      sealed = sealChunk(file.keys, file.layout, msg.chunk, msg.plaintext);
    } catch (e) {
      // RangeError messages name lengths and indices only.
      return post({ type: 'failed', id: msg.id, message: e instanceof Error ? e.message : 'sealing failed' }, []);
    }
    msg.plaintext.fill(0);
    const out = transferable(sealed);
    post({ type: 'sealed', id: msg.id, sealed: out.bytes }, [out.buffer]);
  };
}
