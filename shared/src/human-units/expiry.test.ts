import { describe, expect, it } from 'vitest';
import {
  checkRange,
  DAY,
  EXPIRY_PRESETS,
  formatDuration,
  formatRemaining,
  formatTimes,
  formatViews,
  HOUR,
  MINUTE,
  parseDuration,
  VIEW_PRESETS,
} from './expiry.ts';

describe('parseDuration', () => {
  it.each([
    ['90s', 90],
    ['30m', 30 * MINUTE],
    ['1h', HOUR],
    ['7d', 7 * DAY],
    ['2w', 14 * DAY],
    ['1h30m', HOUR + 30 * MINUTE],
    ['1d12h', DAY + 12 * HOUR],
    ['3600', 3600],
    ['0', 0],
    ['  1H  ', HOUR],
    ['007m', 7 * MINUTE],
  ])('%j → %i seconds', (text, seconds) => {
    expect(parseDuration(text)).toEqual({ kind: 'ok', seconds });
  });

  it.each(['', ' ', 'h', '1y', '1.5h', '-1h', '1 h', '1h 30m', 'h1', '1e3', 'soon', '1hm'])(
    'rejects %j with a message naming the input',
    (text) => {
      const r = parseDuration(text);
      expect(r.kind).toBe('invalid');
      if (r.kind === 'invalid') expect(r.message).toContain(`"${text}"`);
    },
  );

  it('rejects values beyond safe integers instead of rounding them', () => {
    expect(parseDuration('99999999999999999999').kind).toBe('invalid');
    expect(parseDuration('99999999999999999999s').kind).toBe('invalid');
    expect(parseDuration(`${Number.MAX_SAFE_INTEGER}`)).toEqual({ kind: 'ok', seconds: Number.MAX_SAFE_INTEGER });
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [59, '59 seconds'],
    [60, '1 minute'],
    [90, '1 minute 30 seconds'],
    [HOUR, '1 hour'],
    [2 * HOUR + 5 * MINUTE + 9, '2 hours 5 minutes'],
    [DAY, '1 day'],
    [DAY + 6 * HOUR, '1 day 6 hours'],
    [7 * DAY, '7 days'],
    [30 * DAY + 1, '30 days 1 second'],
    [-5, '0 seconds'],
    [89.6, '1 minute 30 seconds'],
  ])('%f → %j', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('round-trips through parseDuration for whole units', () => {
    for (const p of EXPIRY_PRESETS) {
      expect(parseDuration(formatDuration(p.seconds).replace(/ (\w)\w*s?/g, '$1'))).toEqual({
        kind: 'ok',
        seconds: p.seconds,
      });
    }
  });
});

describe('formatRemaining', () => {
  it('rounds to minutes above an hour so a fresh one-day link reads "1 day"', () => {
    expect(formatRemaining(86_399.7)).toBe('1 day');
    expect(formatRemaining(86_340)).toBe('23 hours 59 minutes');
    expect(formatRemaining(3600)).toBe('1 hour');
  });

  it('keeps seconds below an hour, rounding up', () => {
    expect(formatRemaining(299.2)).toBe('5 minutes');
    expect(formatRemaining(59.1)).toBe('1 minute');
    expect(formatRemaining(12.5)).toBe('13 seconds');
    expect(formatRemaining(0)).toBe('0 seconds');
  });
});

describe('counts', () => {
  it('words view counts', () => {
    expect(formatTimes(1)).toBe('once');
    expect(formatTimes(2)).toBe('twice');
    expect(formatTimes(7)).toBe('7 times');
    expect(formatViews(1)).toBe('1 view');
    expect(formatViews(3)).toBe('3 views');
  });
});

describe('checkRange', () => {
  const range = { min: 1, max: 10 };

  it('accepts the bounds and values between', () => {
    for (const v of [1, 5, 10]) expect(checkRange('views', v, range)).toEqual({ kind: 'ok' });
  });

  it.each([0, 11, -1, Number.NaN, Infinity])('rejects %f naming the field and the range', (v) => {
    const r = checkRange('views', v, range);
    expect(r.kind).toBe('out_of_range');
    if (r.kind === 'out_of_range') expect(r.message).toMatch(/^views must be between 1 and 10/);
  });
});

describe('presets', () => {
  it('are sorted and positive', () => {
    const secs = EXPIRY_PRESETS.map((p) => p.seconds);
    expect(secs).toEqual([...secs].sort((a, b) => a - b));
    expect(VIEW_PRESETS.every((n) => Number.isInteger(n) && n > 0)).toBe(true);
  });
});
