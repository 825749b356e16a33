/**
 * Disk I/O for file pushes: one blob file per file under `<dataDir>/blobs/<id>/<index>` (directories
 * 0700, files 0600). Paths are built only from a validated push id and an integer index. Chunks are
 * written where they belong with positional writes as their bytes arrive, and blobs are read back as
 * pull streams, so neither direction ever holds more than one piece of a request in memory.
 *
 * Deleting is unlinking: the blocks go back to the file system, they are not overwritten
 * (docs/security.md "Files"). What may be deleted and when is the domain's decision (domain/file-*.ts).
 */
import { constants, mkdirSync } from 'node:fs';
import { mkdir, open, readdir, rm, statfs, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { createFreeSpace, type FreeSpace } from './free-space.ts';

const BLOBS_DIR = 'blobs';
/** How much one read of a download asks the disk for; also the most a download buffers per request. */
export const READ_PIECE_BYTES = 256 * 1024;
const PUSH_ID = /^[A-Za-z0-9_-]{22}$/;

type WriteResult =
  | { kind: 'ok' }
  /** The body went on past the chunk's length (nothing after the chunk's end was written). */
  | { kind: 'too_long' }
  | { kind: 'too_short'; received: number }
  /** The push was deleted while the chunk was arriving. */
  | { kind: 'aborted' };

type ReadRange = { start: number; end: number };

type SyncResult = { kind: 'ok' } | { kind: 'wrong_size'; index: number; size: number };

export interface BlobStore {
  readonly root: string;
  /** Bytes available to this process on the file system holding the blobs (statfs f_bavail). */
  freeBytes(): Promise<number>;
  /** `freeBytes` cached for a moment and debited by what was let in (free-space.ts): the disk reserve's figure. */
  readonly space: FreeSpace;
  /** Streams `body` into file `index` at `offset`; exactly `length` bytes or a failure result. */
  writeChunk(
    id: string,
    index: number,
    offset: number,
    length: number,
    body: ReadableStream<Uint8Array>,
    signal: AbortSignal,
  ): Promise<WriteResult>;
  /** fsyncs the push's files (checking each has its full size) and the directories naming them. */
  sync(id: string, files: readonly { index: number; bytes: number }[]): Promise<SyncResult>;
  /**
   * Bytes [start, end) of file `index` as a pull stream: the disk is read only as fast as the client
   * takes them. `onClose` runs once when the stream ends, fails, is cancelled or `signal` aborts it.
   * On abort the file is closed at once and no further byte is read; then `cutOff` runs if given (the
   * HTTP layer drops the connection), else the stream errors.
   */
  read(
    id: string,
    index: number,
    range: ReadRange,
    signal: AbortSignal,
    onClose: () => void,
    cutOff?: () => void,
  ): ReadableStream<Uint8Array>;
  /** Unlinks the push's blobs and directory; nothing to do if there are none. */
  remove(id: string): Promise<void>;
  /** Names of the entries under the blobs directory (the start-up scan for leftovers). */
  list(): Promise<string[]>;
}

export function isPushId(name: string): boolean {
  return PUSH_ID.test(name);
}

export function createBlobStore(options: {
  dataDir: string;
  freeBytes?: () => Promise<number>;
  /** How long one free-space figure is trusted (free-space.ts; default 1 s, 0 = read every time). */
  freeSpaceMaxAgeMs?: number;
}): BlobStore {
  const root = join(options.dataDir, BLOBS_DIR);
  mkdirSync(root, { recursive: true, mode: 0o700 });

  const dirOf = (id: string): string => {
    if (!isPushId(id)) throw new RangeError('not a push id');
    return join(root, id);
  };
  const fileOf = (id: string, index: number): string => {
    if (!Number.isSafeInteger(index) || index < 0) throw new RangeError('not a file index');
    return join(dirOf(id), String(index));
  };

  async function syncPath(path: string): Promise<void> {
    const handle = await open(path, constants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  const freeBytes =
    options.freeBytes ??
    (async () => {
      const stats = await statfs(root);
      return stats.bavail * stats.bsize;
    });
  return {
    root,

    freeBytes,
    space: createFreeSpace({
      read: freeBytes,
      ...(options.freeSpaceMaxAgeMs === undefined ? {} : { maxAgeMs: options.freeSpaceMaxAgeMs }),
    }),

    async writeChunk(id, index, offset, length, body, signal) {
      await mkdir(dirOf(id), { recursive: true, mode: 0o700 });
      const reader = body.getReader();
      const onAbort = () => void reader.cancel().catch(() => undefined);
      signal.addEventListener('abort', onAbort, { once: true });
      let handle: FileHandle | undefined;
      try {
        handle = await open(fileOf(id, index), constants.O_RDWR | constants.O_CREAT, 0o600);
        let written = 0;
        for (;;) {
          if (signal.aborted) return { kind: 'aborted' };
          let next: Awaited<ReturnType<typeof reader.read>>;
          try {
            next = await reader.read();
          } catch {
            if (signal.aborted) return { kind: 'aborted' };
            // The client went away mid-body (Node errors the stream "aborted"): a short chunk, not a
            // server error — it stays unrecorded, and nobody is left to read the answer anyway.
            return { kind: 'too_short', received: written };
          }
          const { done, value } = next;
          if (signal.aborted) return { kind: 'aborted' };
          if (done) break;
          if (written + value.length > length) return { kind: 'too_long' };
          let at = 0;
          while (at < value.length) {
            const { bytesWritten } = await handle.write(value, at, value.length - at, offset + written);
            at += bytesWritten;
            written += bytesWritten;
          }
        }
        return written === length ? { kind: 'ok' } : { kind: 'too_short', received: written };
      } finally {
        signal.removeEventListener('abort', onAbort);
        reader.releaseLock();
        await handle?.close();
      }
    },

    async sync(id, files) {
      for (const file of files) {
        const handle = await open(fileOf(id, file.index), constants.O_RDWR);
        try {
          const { size } = await handle.stat();
          if (size !== file.bytes) return { kind: 'wrong_size', index: file.index, size };
          await handle.sync();
        } finally {
          await handle.close();
        }
      }
      // The new directory entries must survive a power cut too (fsync(2): syncing a file does not
      // sync the directory that names it).
      await syncPath(dirOf(id));
      await syncPath(root);
      return { kind: 'ok' };
    },

    read(id, index, { start, end }, signal, onClose, cutOff) {
      const path = fileOf(id, index);
      let handle: FileHandle | undefined;
      let position = start;
      let closed = false;
      const close = async (): Promise<void> => {
        if (closed) return;
        closed = true;
        signal.removeEventListener('abort', onAbort);
        await handle?.close().catch(() => undefined);
        onClose();
      };
      let abortStream: (() => void) | undefined;
      const onAbort = (): void => abortStream?.();
      signal.addEventListener('abort', onAbort, { once: true });
      return new ReadableStream<Uint8Array>(
        {
          start(controller) {
            abortStream = () => {
              if (closed) return;
              void close();
              if (cutOff !== undefined) cutOff();
              else controller.error(new Error('the push was deleted during the download'));
            };
            if (signal.aborted) onAbort();
          },
          async pull(controller) {
            if (closed) return;
            try {
              // Opened on the first read, so a response nobody reads holds no descriptor.
              if (handle === undefined) {
                const opened = await open(path, constants.O_RDONLY);
                if (closed) return void (await opened.close());
                handle = opened;
              }
              const want = Math.min(READ_PIECE_BYTES, end - position);
              if (want <= 0) {
                controller.close();
                await close();
                return;
              }
              const buffer = new Uint8Array(want);
              const { bytesRead } = await handle.read(buffer, 0, want, position);
              if (closed) return;
              if (bytesRead === 0) throw new Error('blob is shorter than its layout');
              position += bytesRead;
              controller.enqueue(bytesRead === want ? buffer : buffer.subarray(0, bytesRead));
              if (position >= end) {
                controller.close();
                await close();
              }
            } catch (err) {
              if (!closed) controller.error(err);
              await close();
            }
          },
          async cancel() {
            await close();
          },
        },
        // Pull only when the consumer asks: one piece in flight at a time.
        { highWaterMark: 0 },
      );
    },

    async remove(id) {
      await rm(dirOf(id), { recursive: true, force: true });
    },

    async list() {
      return await readdir(root);
    },
  };
}
