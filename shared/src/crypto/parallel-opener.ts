/**
 * A ChunkOpening (file-opener.ts) that opens chunks elsewhere — the web app's pool of opening workers
 * (web/src/lib/workers/open/open-pool.ts) — several at a time, and releases them strictly in file order under the
 * rules of the single-threaded opener (docs/wire-format.md §12.3): nothing of a chunk before its tag
 * checked and its padding is all zero; no chunk after one that failed; `too_long` only after every
 * earlier chunk checked; `finish` ok only when the last chunk was released and nothing is left over.
 *
 * At most `maxInFlight` chunks are out at once: `push` waits for the oldest when that many are, so a
 * fast network cannot run ahead of the workers. Results that arrive out of order wait, verified but
 * unreleased, until every chunk before them is released.
 */
import { createChunkFramer } from './chunk-framer.ts';
import { bytesBefore, trimPadding, type ChunkOpening, type OpenerEnd, type OpenerStep } from './file-opener.ts';
import type { BlobLayout } from './file-stream.ts';

/** Opens one chunk: its plaintext (padding included), or undefined when the tag does not check. */
export type OpenChunk = (index: number, cipher: Uint8Array) => Promise<Uint8Array | undefined>;

interface ParallelOpenerInput {
  open: OpenChunk;
  size: number;
  layout: BlobLayout;
  firstChunk?: number;
  /** Chunks handed to `open` and not yet released, at most. */
  maxInFlight: number;
}

type Outcome = { kind: 'opened'; plain: Uint8Array | undefined } | { kind: 'error'; message: string };
type Entry = { index: number; outcome?: Outcome; done: Promise<void> };

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function createParallelOpener(input: ParallelOpenerInput): ChunkOpening {
  const { open, size, layout } = input;
  const firstChunk = input.firstChunk ?? 0;
  const maxInFlight = Math.max(1, input.maxInFlight);
  const framer = createChunkFramer(layout, firstChunk);
  let queue: Entry[] = [];
  let failed: OpenerStep | undefined;
  let nextRelease = firstChunk;
  let released = bytesBefore(firstChunk, size);

  const fail = (step: OpenerStep): OpenerStep => {
    failed = step;
    queue = [];
    return step;
  };

  /** Releases the oldest chunk once its result is in; a failure stops everything. */
  async function releaseHead(out: Uint8Array[]): Promise<OpenerStep | undefined> {
    const head = queue[0]!;
    await head.done;
    if (failed) return failed;
    queue.shift();
    const outcome = head.outcome!;
    if (outcome.kind === 'error') return fail({ kind: 'opener_failed', message: outcome.message });
    if (outcome.plain === undefined) return fail({ kind: 'auth_failed', chunk: head.index });
    const kept = trimPadding(outcome.plain, head.index, size);
    if (!(kept instanceof Uint8Array)) return fail(kept);
    released += kept.length;
    nextRelease = head.index + 1;
    if (kept.length > 0) out.push(kept);
    return undefined;
  }

  function dispatch(index: number, cipher: Uint8Array<ArrayBuffer>): void {
    const entry: Entry = { index, done: Promise.resolve() };
    entry.done = open(index, cipher).then(
      (plain) => void (entry.outcome = { kind: 'opened', plain }),
      (e: unknown) => void (entry.outcome = { kind: 'error', message: message(e) }),
    );
    queue.push(entry);
  }

  async function flush(out: Uint8Array[] = []): Promise<OpenerStep> {
    while (queue.length > 0) {
      const stop = await releaseHead(out);
      if (stop) return stop;
    }
    return failed ?? { kind: 'ok', plaintext: out };
  }

  return {
    async push(bytes) {
      if (failed) return failed;
      const out: Uint8Array[] = [];
      const chunks = framer.take(bytes);
      let next = chunks.next();
      for (; !next.done; next = chunks.next()) {
        while (queue.length >= maxInFlight) {
          const stop = await releaseHead(out);
          if (stop) return stop;
        }
        dispatch(next.value.index, next.value.cipher);
      }
      if (next.value === 'too_long') {
        // The chunks before the surplus are judged first, as the single-threaded opener would.
        const step = await flush(out);
        return step.kind === 'ok' ? fail({ kind: 'too_long' }) : step;
      }
      // Whatever is already back, in order, without waiting for the rest.
      while (queue[0]?.outcome) {
        const stop = await releaseHead(out);
        if (stop) return stop;
      }
      return { kind: 'ok', plaintext: out };
    },
    flush: () => flush(),
    finish(): OpenerEnd {
      const complete = queue.length === 0 && !failed && framer.next === layout.chunks && !framer.partial;
      return complete ? { kind: 'ok' } : { kind: 'truncated', chunk: nextRelease };
    },
    close() {
      if (!failed) failed = { kind: 'opener_failed', message: 'closed' };
      queue = [];
    },
    get nextChunk() {
      return nextRelease;
    },
    get released() {
      return released;
    },
  };
}
