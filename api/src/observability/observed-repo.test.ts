/**
 * observed-repo.ts counts an end of life only once it has committed: a transaction that throws (and is
 * rolled back) counts nothing, and an end that changed nothing is not counted.
 */
import { afterEach, expect, test } from 'vitest';
import { createSecret, createTestApp, type TestApp } from '../testing/harness.ts';
import { NOOP_METRICS, type EndReason } from './metrics-sink.ts';
import { observeRepo } from './observed-repo.ts';

const open: TestApp[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.close()));
});

async function setup() {
  const t = await createTestApp();
  open.push(t);
  const ended: [EndReason, number][] = [];
  const repo = observeRepo(t.repo, { ...NOOP_METRICS, pushesEnded: (reason, n) => ended.push([reason, n]) });
  return { t, repo, ended };
}

test('a rolled-back transaction counts nothing; a committed one counts what it ended', async () => {
  const { t, repo, ended } = await setup();
  const { id } = await createSecret(t.app);
  const now = t.clock.now();
  await expect(
    repo.transaction(async (tx) => {
      expect(await tx.end(id, 'locked', now)).toBe(true);
      throw new Error('rolled back');
    }),
  ).rejects.toThrow('rolled back');
  expect(ended).toEqual([]);
  expect((await t.repo.find(id))?.state).toBe('active');

  await repo.transaction(async (tx) => {
    expect(await tx.end(id, 'deleted', now)).toBe(true);
    // Already ended: changes nothing, counts nothing.
    expect(await tx.end(id, 'locked', now)).toBe(false);
  });
  expect(ended).toEqual([['deleted', 1]]);
});

test('expiry by the sweeper counts each push it ended, outside a transaction as well', async () => {
  const { t, repo, ended } = await setup();
  for (let i = 0; i < 3; i++) await createSecret(t.app, { expiresIn: 600 });
  const later = t.clock.now() + 601_000;
  await repo.transaction((tx) => tx.expireDue(later, 2));
  await repo.transaction((tx) => tx.expireDue(later, 2));
  await repo.transaction((tx) => tx.expireDue(later, 2));
  expect(ended).toEqual([
    ['expired', 2],
    ['expired', 1],
  ]);
  const { id } = await createSecret(t.app);
  expect(await repo.end(id, 'deleted', later)).toBe(true);
  expect(ended.at(-1)).toEqual(['deleted', 1]);
});
