import { describe, expect, it } from 'vitest';
import { forEachLimited } from './concurrency.ts';

describe('forEachLimited', () => {
  it('runs every task, never more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const releases: (() => void)[] = [];
    const results: [number, number][] = [];
    const done = forEachLimited(
      [1, 2, 3, 4, 5],
      2,
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => releases.push(resolve));
        running--;
        return n * 10;
      },
      (n, r) => results.push([n, r]),
    );
    // Release tasks one at a time as they start.
    while (results.length < 5) {
      await Promise.resolve();
      releases.shift()?.();
    }
    await done;
    expect(peak).toBe(2);
    expect(results.sort((a, b) => a[0] - b[0])).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
      [4, 40],
      [5, 50],
    ]);
  });

  it('does nothing for no items', async () => {
    const seen: number[] = [];
    await forEachLimited(
      [],
      3,
      async (n: number) => n,
      (n) => seen.push(n),
    );
    expect(seen).toEqual([]);
  });
});
