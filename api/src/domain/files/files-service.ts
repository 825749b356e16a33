/**
 * The file-transfer service the HTTP layer calls: chunk upload, upload status, finalise and download
 * (file-upload.ts, file-download.ts), each followed — when its answer says the push was just
 * destroyed (the audit cap, lifecycle/audit.ts) — by unlinking the blobs once the transaction has committed.
 */
import type { AuditContext } from '../lifecycle/audit.ts';
import { openDownload, type DownloadRequest, type DownloadResult } from './file-download.ts';
import { discardBlobs, endedNow } from './file-storage.ts';
import {
  finalizeUpload,
  putChunk,
  uploadStatus,
  type ChunkResult,
  type ChunkUpload,
  type FinalizeResult,
  type StatusResult,
} from './file-upload.ts';
import type { ServiceDeps } from '../service-deps.ts';

export interface FilesService {
  putChunk(id: string, uploadToken: Uint8Array, upload: ChunkUpload): Promise<ChunkResult>;
  uploadStatus(id: string, uploadToken: Uint8Array): Promise<StatusResult>;
  finalize(id: string, uploadToken: Uint8Array, context: AuditContext): Promise<FinalizeResult>;
  download(
    id: string,
    downloadToken: Uint8Array,
    request: DownloadRequest,
    context: AuditContext,
  ): Promise<DownloadResult>;
}

export function createFilesService(deps: ServiceDeps): FilesService {
  async function settle<R extends { kind: string }>(id: string, result: R): Promise<R> {
    if (endedNow(result)) await discardBlobs(deps.storage, id);
    return result;
  }
  return {
    putChunk: async (id, token, upload) => settle(id, await putChunk(deps, id, token, upload)),
    uploadStatus: (id, token) => uploadStatus(deps, id, token),
    finalize: async (id, token, context) => settle(id, await finalizeUpload(deps, id, token, context)),
    download: async (id, token, request, context) => settle(id, await openDownload(deps, id, token, request, context)),
  };
}
