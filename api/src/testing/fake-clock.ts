/** A clock tests move by hand: no sleeps, no timing assertions. */
import type { Clock } from '../clock.ts';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
}

/** Starts at a fixed instant so ISO timestamps in assertions are predictable. */
export const FAKE_EPOCH = Date.UTC(2030, 0, 1, 12, 0, 0);

export function createFakeClock(start = FAKE_EPOCH): FakeClock {
  let now = start;
  return {
    now: () => now,
    advance: (ms) => void (now += ms),
    set: (ms) => void (now = ms),
  };
}
