/**
 * The cipher the sealing and opening workers run file chunks through: libsodium's WebAssembly
 * XChaCha20-Poly1305 (@zkpush/shared/sodium-aead) when it compiles here, else noble's — the reference,
 * and what runs wherever WebAssembly is missing, disabled, or refused by the worker's CSP. Both give
 * the same bytes (the frozen vectors and shared/src/crypto/sodium-aead.test.ts), so which one a worker
 * got changes only its speed.
 *
 * The worker scripts are served with a CSP that allows 'wasm-unsafe-eval' and nothing more
 * (api/src/http/spa/worker-csp.ts, docs/security.md "Crypto workers"); the pages are not.
 */
import { NOBLE_AEAD, type ChunkAead } from '@zkpush/shared/chunk-aead';
import { loadSodiumAead } from '@zkpush/shared/sodium-aead';

/** The mark a worker leaves in its performance timeline: which cipher it got (DevTools, e2e tests). */
export const cipherMark = (aead: ChunkAead): string => `zkpush-cipher:${aead.name}`;

export async function workerAead(load: () => Promise<ChunkAead> = loadSodiumAead): Promise<ChunkAead> {
  let aead: ChunkAead;
  try {
    aead = await load();
  } catch {
    aead = NOBLE_AEAD;
  }
  performance.mark(cipherMark(aead));
  return aead;
}

/**
 * A worker's message listener that waits for the cipher: registered at once (so no message is lost
 * while libsodium compiles), each message handled in arrival order once `handler` resolves.
 */
export function whenReady(handler: Promise<(data: unknown) => void>): (event: MessageEvent<unknown>) => void {
  return (event) => void handler.then((handle) => handle(event.data));
}
