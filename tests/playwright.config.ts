/**
 * End-to-end tests: Debian's Chromium (scripts/ensure-test-deps.ts installs it) drives the built SPA
 * served by the real production server (`node api/src/main.ts`), which each worker starts itself — see
 * the `server` fixture in e2e/helpers/fixtures.ts. `pnpm run test:e2e` builds web/ first.
 */
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './support/chromium.ts';

export default defineConfig({
  testDir: 'e2e',
  outputDir: '../test-results',
  fullyParallel: false,
  // Two cores: the server, the browser and the runner already compete for them.
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  // Generous for a busy 2-core machine (the README's test command may run beside other work): a
  // timeout is a failure, never a wait, so it only has to be longer than any healthy run. Measured at
  // load average 24 on 2 cores: one Argon2id derivation in the page (create or reveal with a
  // passphrase) took over 15 s, so every `expect` may wait a minute — it returns as soon as the state
  // is there, so a healthy run is no slower — and a test with several derivations gets four minutes.
  timeout: 240_000,
  expect: { timeout: 60_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_FLAGS],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
});
