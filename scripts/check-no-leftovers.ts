/**
 * `node scripts/check-no-leftovers.ts` — the last step of `pnpm test`, run whether the steps before it
 * passed or not: fails, listing them, if any zkpush server, `zkpush serve`, Chromium or Caddy that this
 * test run started is still running. "This run" is decided by the ZKPUSH_TEST_RUN id that the root
 * `test` script exports and every process it starts carries in its environment (see
 * scripts/leftovers/find-leftovers.ts for why an id and not the process tree); processes of other
 * runs and other people on the same machine are never listed. A process that is exiting gets up to
 * 20 seconds (a browser's helpers end a moment after it) before it counts.
 */
import { TEST_RUN_VAR } from 'zkpush/testing/spawn';
import { findLeftovers } from './leftovers/find-leftovers.ts';

const GRACE_MS = 20_000;

const runId = process.env[TEST_RUN_VAR];
if (runId === undefined || runId === '') {
  console.error(`check-no-leftovers: ${TEST_RUN_VAR} is not set; run it as the last step of \`pnpm test\`.`);
  process.exit(2);
}

const deadline = Date.now() + GRACE_MS;
let left = findLeftovers(runId);
while (left.length > 0 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  left = findLeftovers(runId);
}

if (left.length > 0) {
  console.error(`check-no-leftovers: ${left.length} process(es) started by this test run are still running:`);
  for (const { pid, command } of left) console.error(`  ${pid} ${command}`);
  console.error(`End them with: kill ${left.map(({ pid }) => pid).join(' ')}`);
  process.exit(1);
}
console.log(`check-no-leftovers: no server, browser or Caddy of this test run (${TEST_RUN_VAR}=${runId}) is left.`);
