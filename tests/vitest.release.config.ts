/**
 * Release tests, kept out of the fast `vitest run` at the root: the single-executable smoke test
 * (needs dist/zkpush from `pnpm build:sea`), the npm package test (packs and runs the `zkpush`
 * package; needs web/build) and the Caddy e2e (needs /usr/bin/caddy; skipped with a message where it
 * is missing). `pnpm test:sea` builds the binary and runs all three; `pnpm test:npm` only the package's.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  test: {
    // Real processes (the binary, Caddy, the server) start in these tests; give them room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'sea', root, include: ['sea/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      { test: { name: 'npm', root, include: ['npm/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: 'caddy', root, include: ['caddy/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
});
