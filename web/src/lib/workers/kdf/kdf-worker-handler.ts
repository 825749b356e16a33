/**
 * The worker side of the KDF protocol, without the worker globals so it is unit-tested in Node:
 * validate the request, run derivePassKey (shared/src/passphrase.ts) with progress, answer with P.
 * The passphrase is never echoed, not even in an error message.
 */
import * as v from 'valibot';
import type { DeriveOptions, PassKeyResult } from '@zkpush/shared/passphrase';
import type { KdfParams } from '@zkpush/shared/kdf-params';
import { KdfRequest, UNKNOWN_REQUEST, type KdfResponse } from './kdf-protocol.ts';

interface KdfWorkerDeps {
  derive: (passphrase: string, kdf: KdfParams, options: DeriveOptions) => Promise<PassKeyResult>;
  /** postMessage; `transfer` lists buffers to move (P's) instead of copying them. */
  post: (message: KdfResponse, transfer: ArrayBuffer[]) => void;
}

/**
 * Long stretches without yielding: inside a worker nothing else needs the thread, and progress
 * messages are posted synchronously from the callback anyway. Fewer yields, less overhead.
 */
export const WORKER_ASYNC_TICK_MS = 500;

export async function handleKdfRequest(data: unknown, deps: KdfWorkerDeps): Promise<void> {
  const parsed = v.safeParse(KdfRequest, data);
  if (!parsed.success) {
    deps.post({ type: 'failed', id: UNKNOWN_REQUEST, message: 'invalid request to the passphrase worker' }, []);
    return;
  }
  const { id, passphrase, kdf } = parsed.output;
  let result: PassKeyResult;
  try {
    result = await deps.derive(passphrase, kdf, {
      asyncTick: WORKER_ASYNC_TICK_MS,
      onProgress: (fraction) => deps.post({ type: 'progress', id, fraction }, []),
    });
  } catch (e) {
    // noble throws on allocation failure; its messages name sizes, never inputs.
    deps.post({ type: 'failed', id, message: e instanceof Error ? e.message : 'key derivation failed' }, []);
    return;
  }
  if (result.kind === 'bad_kdf') {
    deps.post({ type: 'bad_kdf', id, problem: result.problem, message: result.message }, []);
    return;
  }
  // A fresh ArrayBuffer holding exactly P, so the transfer moves nothing else; the original is wiped.
  const out = new Uint8Array(result.passKey.length);
  out.set(result.passKey);
  result.passKey.fill(0);
  deps.post({ type: 'done', id, passKey: out }, [out.buffer]);
}
