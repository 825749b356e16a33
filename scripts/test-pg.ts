/**
 * `pnpm test:pg` — the API and domain suites on PostgreSQL (the `api-pg` Vitest project, vite.config.ts;
 * api/src/testing/test-database.ts). Where no PostgreSQL answers at ZKPUSH_TEST_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres) it says so plainly and exits 0: SQLite mode is the
 * default and is tested by `test:unit` either way. `.ci/run` starts an installed but stopped cluster.
 */
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';

const url = new URL(process.env['ZKPUSH_TEST_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const host = url.hostname;
const port = Number(url.port || 5432);

function reachable(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 5000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

if (!(await reachable())) {
  const line = '='.repeat(78);
  console.warn(
    `${line}\nSKIPPED: PostgreSQL is not reachable at ${host}:${port}, so the PostgreSQL suites (vitest project\n` +
      `api-pg) did NOT run. Start PostgreSQL (Debian: pg_ctlcluster <version> main start, as .ci/run does)\n` +
      `or point ZKPUSH_TEST_POSTGRES_URL at a server where user may CREATE DATABASE.\n${line}`,
  );
  process.exit(0);
}
console.log(`PostgreSQL at ${host}:${port}: running the API and domain suites on it (vitest project api-pg)`);
const run = spawnSync('vitest', ['run', '--project', 'api-pg'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
