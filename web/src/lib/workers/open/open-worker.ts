/**
 * Dedicated module worker that opens downloaded file chunks off the main thread; the reveal page runs
 * a few of them (open-pool.ts) so a download is decrypted on several cores. Like seal-worker.ts it is
 * a same-origin file under /_app/immutable/workers, allowed by the CSP's script-src 'self'
 * (worker-src falls back to it); never a blob: URL.
 */
import { createOpenHandler } from './open-worker-handler.ts';

const handle = createOpenHandler((message, transfer) => self.postMessage(message, { transfer }));
self.addEventListener('message', (event: MessageEvent<unknown>) => handle(event.data));
