/**
 * Setup file of the `api-pg` Vitest project (vite.config.ts): when PostgreSQL is not reachable, every
 * test of the file is skipped with a message saying so (never a silent pass); after the file, its
 * scratch database is dropped.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { dropTestPostgres, postgresReachable, TEST_POSTGRES_URL } from './test-database.ts';

let reachable = false;

beforeAll(async () => {
  reachable = await postgresReachable();
  if (!reachable) {
    console.warn(
      `SKIPPED: PostgreSQL is not reachable at ${new URL(TEST_POSTGRES_URL).host}; PostgreSQL tests skipped.`,
    );
  }
});

beforeEach((ctx) => {
  if (!reachable) ctx.skip();
});

afterAll(async () => {
  if (reachable) await dropTestPostgres();
});
