/**
 * Root Vitest configuration: one project per workspace package, so `vitest run` at the root runs every
 * unit and API test. The SvelteKit app has its own `web/vite.config.ts` for dev and build.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A timeout detects a hung test; it is not a performance budget. CPU-bound tests (Argon2id at the
    // default cost, property tests) take far longer than Vitest's 5 s default on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { test: { name: 'shared', root: 'shared', include: ['src/**/*.test.ts'] } },
      { test: { name: 'api', root: 'api', include: ['src/**/*.test.ts'] } },
      // The API and domain suites again, on PostgreSQL (api/src/testing/test-database.ts): every test
      // file that builds the app from the test factory, but those about SQLite itself. Run by
      // `pnpm test:pg` (scripts/test-pg.ts), which says so plainly when PostgreSQL is not reachable.
      {
        test: {
          name: 'api-pg',
          root: 'api',
          include: [
            'src/http/**/*.test.ts',
            'src/domain/**/*.test.ts',
            'src/db/secrets-repo.test.ts',
            'src/db/postgres/**/*.test.ts',
          ],
          // Fills SQLite's file to its page limit: a SQLite test (PostgreSQL's disk_full maps the same way).
          exclude: ['src/domain/storage-full.test.ts'],
          env: { ZKPUSH_TEST_DATABASE: 'postgres' },
          setupFiles: ['src/testing/pg-setup.ts'],
        },
      },
      { test: { name: 'web', root: 'web', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'] } },
      { test: { name: 'cli', root: 'cli', include: ['src/**/*.test.ts'] } },
      { test: { name: 'integration', root: 'tests', include: ['integration/**/*.test.ts'] } },
      { test: { name: 'scripts', root: 'scripts', include: ['**/*.test.ts'] } },
      { test: { name: 'docs', root: 'tests', include: ['docs/**/*.test.ts'] } },
    ],
  },
});
