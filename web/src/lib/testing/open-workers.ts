/**
 * Test doubles for the download's opening workers: a worker running the real handler
 * (open-worker-handler.ts) in-process, answering on a later task like a real one, and a sealed file
 * served by a fake download endpoint. Used by the pool's and the page's download tests.
 */
import type { ApiResult, Download } from '@zkpush/shared/api-client';
import type { DownloadDeps } from '@zkpush/shared/download';
import { plaintextChunks } from '@zkpush/shared/file-chunker';
import { sealFiles } from '@zkpush/shared/file-push';
import { sealChunk } from '@zkpush/shared/file-stream';
import type { DownloadTask } from '#lib/reveal/files/file-downloader.ts';
import type { OpenRequest } from '#lib/workers/open/open-protocol.ts';
import { createOpenHandler } from '#lib/workers/open/open-worker-handler.ts';
import { InProcessWorker } from './in-process-worker.ts';

/** An opening worker running open-worker-handler.ts in-process. */
export class InProcessOpenWorker extends InProcessWorker<OpenRequest> {
  constructor() {
    super(createOpenHandler);
  }
}

/** A really sealed file of `size` bytes, a fake endpoint serving its blob (optionally with one flipped byte). */
export async function servedFile(size: number, damageAt?: number) {
  const bytes = new Uint8Array(size).map((_, i) => (i * 11) % 251);
  const plan = sealFiles([{ name: 'f', type: '', size }]).plans[0]!;
  const parts: Uint8Array[] = [];
  async function* one(): AsyncGenerator<Uint8Array> {
    yield bytes;
  }
  for await (const c of plaintextChunks(one(), size, plan.layout)) {
    parts.push(sealChunk(plan.keys, plan.layout, c.index, c.plaintext));
  }
  const blob = new Uint8Array(Buffer.concat(parts));
  if (damageAt !== undefined) blob[damageAt]! ^= 1;
  const offsets: number[] = [];
  const deps: DownloadDeps = {
    api: {
      async download(id, file, token, offset = 0): Promise<ApiResult<Download>> {
        offsets.push(offset);
        const body = new Blob([blob.subarray(offset)]).stream();
        return { kind: 'ok', value: { body, start: offset, length: blob.length - offset } };
      },
    },
  };
  const task: DownloadTask = {
    id: 'AAAAAAAAAAAAAAAAAAAAAA',
    file: 0,
    token: 'A'.repeat(43),
    size,
    name: 'x',
    keys: plan.keys,
  };
  return { bytes, blob, plan, deps, task, offsets };
}
