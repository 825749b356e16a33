import { expect, test } from 'vitest';
import { createTransferRegistry } from './transfer-registry.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('exclusive waits for shared holds, and shared requests wait behind a waiting exclusive', async () => {
  const r = createTransferRegistry();
  const a = await r.share('p');
  const order: string[] = [];
  const ex = r.exclusive('p', async () => {
    order.push('exclusive');
    await tick();
    order.push('exclusive done');
  });
  const late = r.share('p').then((hold) => {
    order.push('late share');
    hold.release();
  });
  await tick();
  expect(order).toEqual([]);
  a.release();
  await Promise.all([ex, late]);
  expect(order).toEqual(['exclusive', 'exclusive done', 'late share']);
  expect(r.holds('p')).toBe(0);
});

test('other pushes are not held up; abort reaches every shared hold of one push', async () => {
  const r = createTransferRegistry();
  const a = await r.share('p');
  const b = await r.share('p');
  const c = await r.share('q');
  expect(r.holds('p')).toBe(2);
  r.abort('p');
  expect([a.signal.aborted, b.signal.aborted, c.signal.aborted]).toEqual([true, true, false]);
  await r.exclusive('q2', () => Promise.resolve());
  for (const hold of [a, b, c, a]) hold.release();
  expect(r.holds('p')).toBe(0);
});

test('serial runs work on one key one at a time, even when one fails', async () => {
  const r = createTransferRegistry();
  const log: string[] = [];
  const job = (name: string, fail = false) =>
    r.serial('k', async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    });
  const results = await Promise.allSettled([job('a', true), job('b'), r.serial('other', () => Promise.resolve('x'))]);
  expect(results.map((x) => x.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  expect(log).toEqual(['a start', 'a end', 'b start', 'b end']);
});
