import { expect, test } from 'vitest';
import { createFreeSpace } from './free-space.ts';

function disk(initial: number) {
  let bytes = initial;
  let reads = 0;
  let release: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  return {
    set: (b: number) => (bytes = b),
    reads: () => reads,
    /** Holds the next reads until `open()`. */
    hold: () => (gate = new Promise<void>((resolve) => (release = resolve))),
    open: () => release?.(),
    read: async () => {
      reads++;
      const value = bytes;
      if (gate) await gate;
      return value;
    },
  };
}

test('one statfs per maxAge; debits take room off the figure until the next read', async () => {
  let t = 0;
  const d = disk(1000);
  const space = createFreeSpace({ read: d.read, maxAgeMs: 1000, now: () => t });
  await space.refresh();
  expect(space.available()).toBe(1000);
  space.debit(300);
  d.set(500);
  t = 999;
  await space.refresh();
  expect(d.reads()).toBe(1);
  expect(space.available()).toBe(700);
  t = 1000;
  await space.refresh();
  expect(d.reads()).toBe(2);
  // The new read reflects the debited writes: they are not taken off twice.
  expect(space.available()).toBe(500);
});

test('concurrent refreshes share one read; debits made while it is in flight are kept', async () => {
  const d = disk(1000);
  const space = createFreeSpace({ read: d.read, maxAgeMs: 0, now: () => 0 });
  d.hold();
  const a = space.refresh();
  const b = space.refresh();
  space.debit(100); // let in while statfs runs: the figure it returns may predate this write
  d.open();
  await Promise.all([a, b]);
  expect(d.reads()).toBe(1);
  expect(space.available()).toBe(900);
});

test('a debit is a byte count', () => {
  const space = createFreeSpace({ read: () => Promise.resolve(1) });
  expect(() => space.debit(-1)).toThrow(RangeError);
  expect(() => space.debit(Number.NaN)).toThrow(RangeError);
});
