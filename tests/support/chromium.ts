/**
 * The browser every browser test and measurement runs: Debian's Chromium (scripts/ensure-test-deps.ts
 * installs it) with one set of launch flags — the Playwright e2e tests (tests/playwright.config.ts),
 * the file-push benchmark (tests/bench/browser/chromium.ts, harness-overhead.ts) and the Argon2id measurement
 * (shared/vectors/measure-argon2.ts) — so a number measured in one is about the browser the others test.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // No traffic of the browser's own (updates, sync, safe browsing): the only requests a test
  // sees are the page's, so "nothing goes to another origin" is checkable.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
