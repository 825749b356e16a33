import { describe, expect, test } from 'vitest';
import { CRYPTO_WORKER_CSP, scriptCsp, WORKER_CSP } from './worker-csp.ts';

const directives = (policy: string) =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...sources]) => [name!, sources]),
  );

describe('worker CSPs', () => {
  test("the crypto workers' policy is the workers' policy plus 'wasm-unsafe-eval' in script-src, nothing else", () => {
    const plain = directives(WORKER_CSP);
    const crypto = directives(CRYPTO_WORKER_CSP);
    expect([...crypto.keys()]).toEqual([...plain.keys()]);
    for (const [name, sources] of plain) {
      expect(crypto.get(name), name).toEqual(name === 'script-src' ? [...sources, "'wasm-unsafe-eval'"] : sources);
    }
    for (const policy of [WORKER_CSP, CRYPTO_WORKER_CSP]) {
      expect(policy).not.toContain("'unsafe-eval'");
      expect(policy).not.toContain("'unsafe-inline'");
      expect(policy).toContain("default-src 'none'");
    }
    expect(WORKER_CSP).not.toContain('wasm-unsafe-eval');
  });

  test.each([
    ['_app/immutable/workers/seal-worker-Cmespa28.js', CRYPTO_WORKER_CSP],
    ['_app/immutable/workers/open-worker-uTE4iPVd.js', CRYPTO_WORKER_CSP],
    ['_app/immutable/workers/seal-worker.abc123.js', CRYPTO_WORKER_CSP],
    ['_app/immutable/workers/kdf-worker-rFP2o-ID.js', WORKER_CSP],
    ['_app/immutable/workers/libsodium-D2x9.js', WORKER_CSP],
    ['_app/immutable/workers/seal-worker-Cmespa28.js.map', WORKER_CSP],
    ['_app/immutable/chunks/seal-worker-Cmespa28.js', WORKER_CSP],
    ['_app/immutable/entry/start.abc123.js', WORKER_CSP],
    ['service-worker.js', WORKER_CSP],
    ['x/_app/immutable/workers/seal-worker-a.js', WORKER_CSP],
  ])('%s', (path, policy) => {
    expect(scriptCsp(path)).toBe(policy);
  });
});
