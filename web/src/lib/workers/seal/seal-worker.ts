/**
 * Dedicated module worker that seals file chunks off the main thread; the page runs a few of them
 * (seal-pool.ts) so chunks are encrypted on several cores. Like kdf-worker.ts it is a same-origin
 * file under /_app/immutable/workers, allowed by the CSP's script-src 'self' (worker-src falls back
 * to it); never a blob: URL. Its own response's CSP also allows 'wasm-unsafe-eval', so it can seal
 * with libsodium's WebAssembly build (worker-aead.ts); where that fails it seals with noble.
 */
import { whenReady, workerAead } from '#lib/workers/worker-aead.ts';
import type { SealResponse } from './seal-protocol.ts';
import { createSealHandler } from './seal-worker-handler.ts';

const post = (message: SealResponse, transfer: ArrayBuffer[]): void => self.postMessage(message, { transfer });
self.addEventListener('message', whenReady(workerAead().then((aead) => createSealHandler(post, aead))));
