/**
 * The policy a JavaScript file is served with, for when it runs as a worker: dedicated and service
 * workers take their CSP from their own script's response, not from the page that started them (CSP3
 * §4.2.1 "Initialize a global object's CSP list"; Chromium enforces it), while scripts a page loads
 * with <script> or import() ignore a policy on their own response — so every JavaScript file gets one.
 *
 * WORKER_CSP: no eval, no WebAssembly, same-origin scripts and requests only. Without it the KDF and
 * download workers — which hold keys — could eval and compile WebAssembly whatever the pages forbid.
 *
 * CRYPTO_WORKER_CSP, for the file-sealing and file-opening workers only: the same plus
 * 'wasm-unsafe-eval' (CSP3 §8.2 "WebAssembly and wasm-unsafe-eval"), so they can compile libsodium's
 * WebAssembly XChaCha20-Poly1305 (web/src/lib/workers/worker-aead.ts): it lets a script compile and
 * instantiate WebAssembly and nothing else — eval() and new Function stay refused ('unsafe-eval' is
 * absent), and scripts still come only from this origin. The pages' CSP does not change
 * (docs/security.md "Crypto workers").
 */
export const WORKER_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const CRYPTO_WORKER_CSP = WORKER_CSP.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");

/**
 * The entry files Vite emits for web/src/lib/workers/seal/seal-worker.ts and open/open-worker.ts
 * (`new Worker(new URL('./seal-worker.ts', import.meta.url))` → `_app/immutable/workers/seal-worker-<hash>.js`).
 * Not the KDF worker (Argon2id is noble's), not the service worker, not the chunks they import.
 */
const CRYPTO_WORKER_SCRIPT = /^_app\/immutable\/workers\/(?:seal|open)-worker[-.][\w-]+\.js$/;

/** The CSP header for the JavaScript file at `path` (relative to the web root, no leading slash). */
export function scriptCsp(path: string): string {
  return CRYPTO_WORKER_SCRIPT.test(path) ? CRYPTO_WORKER_CSP : WORKER_CSP;
}
