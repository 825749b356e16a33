/**
 * Dedicated module worker that opens downloaded file chunks off the main thread; the reveal page runs
 * a few of them (open-pool.ts) so a download is decrypted on several cores. Like seal-worker.ts it is
 * a same-origin file under /_app/immutable/workers, allowed by the CSP's script-src 'self'
 * (worker-src falls back to it); never a blob: URL. Like seal-worker.ts it opens with libsodium's
 * WebAssembly build where its CSP lets that compile (worker-aead.ts), else with noble.
 */
import { whenReady, workerAead } from '#lib/workers/worker-aead.ts';
import type { OpenResponse } from './open-protocol.ts';
import { createOpenHandler } from './open-worker-handler.ts';

const post = (message: OpenResponse, transfer: ArrayBuffer[]): void => self.postMessage(message, { transfer });
self.addEventListener('message', whenReady(workerAead().then((aead) => createOpenHandler(post, aead))));
