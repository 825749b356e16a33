/**
 * Dedicated worker entry: Argon2id off the main thread so the page stays responsive while P is
 * derived. Vite bundles this file as a same-origin script under /_app/immutable (no blob: or data:
 * URL), which the page's `script-src 'self'` covers (CSP3: worker-src falls back to script-src).
 * The page spawns one worker per derivation and terminates it afterwards — that is also how a
 * derivation is cancelled, since Argon2id does not stop for incoming messages.
 */
import { derivePassKey } from '@zkpush/shared/passphrase';
import { handleKdfRequest } from './kdf-worker-handler.ts';

self.addEventListener('message', (event: MessageEvent<unknown>) => {
  void handleKdfRequest(event.data, {
    derive: derivePassKey,
    post: (message, transfer) => self.postMessage(message, { transfer }),
  });
});
