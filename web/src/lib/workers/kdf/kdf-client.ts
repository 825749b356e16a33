/**
 * The page side of the Argon2id worker: `deriveInWorker(passphrase, kdf)` → P, with progress and
 * cancellation. One worker per derivation, terminated when it answers, fails or is cancelled, so the
 * Argon2 memory (tens of MiB) and the passphrase string go with it.
 *
 * The parameters are checked here too (checkKdfParams) so bad ones never start a worker, and every
 * message from the worker is validated (kdf-protocol.ts).
 */
import * as v from 'valibot';
import { checkKdfParams, type BadKdf, type KdfParams } from '@zkpush/shared/kdf-params';
import { KdfResponse, type KdfRequest } from './kdf-protocol.ts';

export type DeriveOutcome =
  { kind: 'ok'; passKey: Uint8Array } | BadKdf | { kind: 'cancelled' } | { kind: 'failed'; message: string };

/** The part of `Worker` this module uses, so tests can pass a fake. */
export interface WorkerLike {
  postMessage(message: KdfRequest): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

interface DeriveOptions {
  /** Completed fraction 0..1, at most about once per percent. */
  onProgress?: (fraction: number) => void;
  /** Aborting terminates the worker and resolves `cancelled`. */
  signal?: AbortSignal;
  spawn?: () => WorkerLike;
}

/** Performance-timeline name of one derivation (start to P), readable by tests and benchmarks. */
const KDF_MEASURE = 'zkpush:argon2id';

/** Vite recognises this exact shape and emits kdf-worker.ts as a same-origin module worker file. */
function spawnKdfWorker(): WorkerLike {
  return new Worker(new URL('./kdf-worker.ts', import.meta.url), { type: 'module', name: 'zkpush-kdf' });
}

let nextId = 1;

export function deriveInWorker(
  passphrase: string,
  kdf: KdfParams,
  options: DeriveOptions = {},
): Promise<DeriveOutcome> {
  const checked = checkKdfParams(kdf);
  if (checked.kind !== 'ok') return Promise.resolve(checked);
  if (options.signal?.aborted) return Promise.resolve({ kind: 'cancelled' });

  const id = nextId++;
  const started = globalThis.performance?.now();
  let worker: WorkerLike;
  try {
    worker = (options.spawn ?? spawnKdfWorker)();
  } catch (e) {
    return Promise.resolve({ kind: 'failed', message: e instanceof Error ? e.message : 'could not start the worker' });
  }

  return new Promise<DeriveOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: DeriveOutcome): void => {
      if (settled) return;
      settled = true;
      worker.terminate();
      options.signal?.removeEventListener('abort', cancel);
      if (outcome.kind === 'ok' && started !== undefined) {
        globalThis.performance?.measure?.(KDF_MEASURE, { start: started, end: performance.now() });
      }
      resolve(outcome);
    };
    const cancel = (): void => finish({ kind: 'cancelled' });
    options.signal?.addEventListener('abort', cancel);

    worker.addEventListener('message', (event) => {
      const parsed = v.safeParse(KdfResponse, event.data);
      if (!parsed.success) return finish({ kind: 'failed', message: 'unexpected message from the passphrase worker' });
      const msg = parsed.output;
      if (msg.id !== id) {
        if (msg.type === 'failed') finish({ kind: 'failed', message: msg.message });
        return;
      }
      switch (msg.type) {
        case 'progress':
          if (!settled) options.onProgress?.(msg.fraction);
          return;
        case 'done':
          return finish({ kind: 'ok', passKey: msg.passKey });
        case 'bad_kdf':
          return finish({ kind: 'bad_kdf', problem: msg.problem, message: msg.message });
        case 'failed':
          return finish({ kind: 'failed', message: msg.message });
      }
    });
    // Script failed to load (e.g. refused by CSP) or threw; a message that could not be deserialised.
    worker.addEventListener('error', () => finish({ kind: 'failed', message: 'the passphrase worker stopped' }));
    worker.addEventListener('messageerror', () => finish({ kind: 'failed', message: 'unreadable worker message' }));

    worker.postMessage({ type: 'derive', id, passphrase, kdf });
  });
}
