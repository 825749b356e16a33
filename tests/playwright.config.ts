/**
 * End-to-end tests: Debian's Chromium (scripts/ensure-test-deps.ts installs it) drives the built SPA
 * served by the real production server (`node api/src/main.ts`), which each worker starts itself — see
 * the `server` fixture in e2e/fixtures.ts. `pnpm run test:e2e` builds web/ first.
 */
import { defineConfig, devices } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  outputDir: '../test-results',
  fullyParallel: false,
  // Two cores: the server, the browser and the runner already compete for them.
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  use: {
    browserName: 'chromium',
    headless: true,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
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
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
});
