import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { endChild, spawnChild, TEST_RUN_VAR } from 'zkpush/testing/spawn';
import { findLeftovers, selfAndAncestors } from './find-leftovers.ts';

/** `sleep <seconds>` carrying `runId`; resolves once it runs. Ended by spawnChild when the test ends. */
async function sleeper(runId: string, seconds: number) {
  const child = spawnChild('sleep', [String(seconds)], {
    env: { PATH: process.env['PATH'] ?? '', [TEST_RUN_VAR]: runId },
    stdio: 'ignore',
  });
  await new Promise((resolve, reject) => child.once('spawn', resolve).once('error', reject));
  return child;
}

test("lists a matching process of this run, not another run's, and no longer once it has ended", async () => {
  // A command line no other process has.
  const seconds = 3000 + Math.floor(Math.random() * 5000);
  const pattern = `^sleep ${seconds}$`;
  const thisRun = randomUUID();
  const ours = await sleeper(thisRun, seconds);
  await sleeper(randomUUID(), seconds);

  expect(findLeftovers(thisRun, pattern)).toEqual([{ pid: ours.pid, command: `sleep ${seconds}` }]);
  await endChild(ours);
  expect(findLeftovers(thisRun, pattern)).toEqual([]);
});

test('never lists this process or its ancestors', () => {
  const chain = selfAndAncestors();
  expect(chain.has(process.pid)).toBe(true);
  expect(chain.has(process.ppid)).toBe(true);
});
