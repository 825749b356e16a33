import { describe, expect, it } from 'vitest';
import { formatEventTime, formatExpiry, formatWallClock, secondsUntil } from './time-format.ts';

const utc = { timeZone: 'UTC' };

describe('secondsUntil', () => {
  it('is never negative', () => {
    const now = new Date('2026-11-21T14:05:00Z');
    expect(secondsUntil(new Date('2026-11-21T14:06:00Z'), now)).toBe(60);
    expect(secondsUntil(new Date('2026-11-21T14:00:00Z'), now)).toBe(0);
  });
});

describe('formatWallClock', () => {
  it('prints weekday, day, month and 24-hour time', () => {
    expect(formatWallClock(new Date('2026-11-22T14:05:00Z'), utc)).toBe('Sun 22 Nov, 14:05');
    expect(formatWallClock(new Date('2026-12-01T00:07:00Z'), utc)).toBe('Tue 1 Dec, 00:07');
  });

  it('honours the time zone', () => {
    expect(formatWallClock(new Date('2026-11-22T23:30:00Z'), { timeZone: 'Europe/Berlin' })).toBe('Mon 23 Nov, 00:30');
  });
});

describe('formatExpiry', () => {
  it('combines the remaining time and the wall clock', () => {
    const now = new Date('2026-11-21T14:05:00.300Z');
    expect(formatExpiry(new Date('2026-11-22T14:05:00Z'), now, utc)).toBe('in 1 day (Sun 22 Nov, 14:05)');
  });
});

describe('formatEventTime', () => {
  it('adds seconds to the wall clock', () => {
    expect(formatEventTime(new Date('2026-11-22T14:05:07.900Z'), { timeZone: 'UTC' })).toBe('Sun 22 Nov, 14:05:07');
    expect(formatEventTime(new Date('2026-11-22T09:00:00Z'), { timeZone: 'UTC' })).toBe('Sun 22 Nov, 09:00:00');
  });
});

describe('in the active language', () => {
  it('follows the locale it is given', () => {
    const date = new Date('2026-11-22T14:05:00Z');
    expect(formatWallClock(date, { ...utc, locale: 'de' })).toBe('So., 22. Nov., 14:05');
    expect(formatWallClock(date, { ...utc, locale: 'ja' })).toBe('11月22日(日) 14:05');
  });
});
