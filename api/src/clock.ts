/**
 * Time source for everything that reads "now" (expiry, sweeper, timestamps). Injected so tests move
 * time forward explicitly instead of sleeping.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
