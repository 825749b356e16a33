import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '@zkpush/shared/expiry';
import { formatCountdown, secondsLeft } from './countdown.ts';

describe('formatCountdown', () => {
  it('shows two units at most', () => {
    expect(formatCountdown(2 * DAY + 3 * HOUR + 59 * MINUTE)).toBe('2d 03h');
    expect(formatCountdown(3 * HOUR + 4 * MINUTE + 10)).toBe('3h 04m');
    expect(formatCountdown(4 * MINUTE + 9)).toBe('4m 09s');
    expect(formatCountdown(59)).toBe('59s');
  });

  it('handles the edges', () => {
    expect(formatCountdown(DAY)).toBe('1d 00h');
    expect(formatCountdown(HOUR)).toBe('1h 00m');
    expect(formatCountdown(MINUTE)).toBe('1m 00s');
    expect(formatCountdown(0)).toBe('0s');
    expect(formatCountdown(-5)).toBe('0s');
    expect(formatCountdown(0.2)).toBe('1s');
  });
});

describe('secondsLeft', () => {
  it('rounds up and never goes negative', () => {
    const now = new Date('2026-11-21T14:05:00.000Z');
    expect(secondsLeft(new Date('2026-11-21T14:05:01.500Z'), now)).toBe(2);
    expect(secondsLeft(new Date('2026-11-21T14:04:00.000Z'), now)).toBe(0);
  });
});
