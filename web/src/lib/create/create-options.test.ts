import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '@zkpush/shared/expiry';
import { expiryChoices, splitDuration, unitSeconds, viewChoices } from './create-options.ts';

describe('viewChoices', () => {
  it('keeps presets inside the server range', () => {
    expect(viewChoices({ min: 1, max: 3, default: 1 }).map((c) => c.value)).toEqual([1, 2, 3]);
    expect(viewChoices({ min: 1, max: 100, default: 1 }).map((c) => c.label)).toEqual([
      '1 view',
      '2 views',
      '3 views',
      '5 views',
      '10 views',
    ]);
  });

  it('adds the server default when it is not a preset', () => {
    expect(viewChoices({ min: 1, max: 50, default: 4 }).map((c) => c.value)).toEqual([1, 2, 3, 4, 5, 10]);
  });
});

describe('expiryChoices', () => {
  it('filters by the expiry bounds', () => {
    expect(expiryChoices({ min: HOUR, max: 7 * DAY, default: DAY }).map((c) => c.label)).toEqual([
      '1 hour',
      '1 day',
      '7 days',
    ]);
  });

  it('adds an odd default with a readable label', () => {
    const choices = expiryChoices({ min: MINUTE, max: 30 * DAY, default: 2 * DAY });
    expect(choices.find((c) => c.value === 2 * DAY)?.label).toBe('2 days');
  });
});

describe('splitDuration', () => {
  it('uses the largest whole unit', () => {
    expect(splitDuration(2 * DAY)).toEqual({ amount: 2, unit: 'days' });
    expect(splitDuration(36 * HOUR)).toEqual({ amount: 36, unit: 'hours' });
    expect(splitDuration(90 * MINUTE)).toEqual({ amount: 90, unit: 'minutes' });
    expect(splitDuration(30)).toEqual({ amount: 1, unit: 'minutes' });
  });

  it('converts units to seconds', () => {
    expect(unitSeconds('minutes')).toBe(60);
    expect(unitSeconds('hours')).toBe(3600);
    expect(unitSeconds('days')).toBe(86400);
  });
});
