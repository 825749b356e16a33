/**
 * Dedicated module worker that seals file chunks off the main thread; the page runs a few of them
 * (seal-pool.ts) so chunks are encrypted on several cores. Like kdf-worker.ts it is a same-origin
 * file under /_app/immutable/workers, allowed by the CSP's script-src 'self' (worker-src falls back
 * to it); never a blob: URL.
 */
import { createSealHandler } from './seal-worker-handler.ts';

const handle = createSealHandler((message, transfer) => self.postMessage(message, { transfer }));
self.addEventListener('message', (event: MessageEvent<unknown>) => handle(event.data));
