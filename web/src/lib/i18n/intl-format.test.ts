import { afterEach, describe, expect, it } from 'vitest';
import { activateLocale } from './catalogue.ts';
import {
  exactBytes,
  formatBytes,
  formatDateTime,
  formatDays,
  formatDuration,
  formatIn,
  formatNumber,
  formatTimes,
  formatViews,
} from './intl-format.ts';

afterEach(async () => {
  await activateLocale('en');
});

describe('Intl formatting follows the active language', () => {
  it('keeps the English wording the app always had', () => {
    expect(formatBytes(43 * 1024 ** 2)).toBe('43 MiB');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(exactBytes(1)).toBe('1 byte');
    expect(exactBytes(1_048_577)).toBe('1,048,577 bytes');
    expect(formatDuration(30 * 3600)).toBe('1 day 6 hours');
    expect(formatIn(4 * 3600)).toBe('in 4 hours');
    expect(formatIn(30 * 3600)).toBe('in 1 day 6 hours');
    expect(formatTimes(1)).toBe('once');
    expect(formatTimes(2)).toBe('twice');
    expect(formatTimes(5)).toBe('5 times');
    expect(formatViews(1)).toBe('1 view');
  });

  it('formats numbers, units, durations and counts in German', async () => {
    await activateLocale('de');
    expect(formatNumber(1_048_577)).toBe('1.048.577');
    expect(formatBytes(3.5 * 1024 ** 2)).toBe('3,5 MiB');
    expect(exactBytes(1_048_577)).toBe('1.048.577 Byte');
    expect(formatDuration(30 * 3600)).toBe('1 Tag, 6 Stunden');
    expect(formatIn(4 * 3600)).toBe('in 4 Stunden');
    expect(formatTimes(2)).toBe('zweimal');
    expect(formatViews(3)).toBe('3 Abrufe');
  });

  it("writes counts in the language's own digits where Intl does (Persian: ۰–۹)", async () => {
    await activateLocale('fa');
    // Plural messages show the number through `:number` (scripts/plural-numbers.ts), not raw.
    expect(formatViews(12)).toBe('۱۲ بازدید');
    expect(formatTimes(5)).toBe('۵ بار');
    expect(formatTimes(2)).toBe('دو بار');
    expect(exactBytes(1_048_577)).toBe('۱٬۰۴۸٬۵۷۷ بایت');
    expect(formatNumber(1_234)).toBe('۱٬۲۳۴');
    expect(formatDuration(2 * 3600)).toContain('۲');
    expect(formatViews(1_234)).not.toMatch(/[0-9]/);
  });

  it('writes Arabic counts exactly as Intl.NumberFormat does for Arabic', async () => {
    await activateLocale('ar');
    const n = new Intl.NumberFormat('ar').format(1_234);
    expect(formatViews(1_234)).toContain(n);
    expect(formatTimes(11)).toContain(new Intl.NumberFormat('ar').format(11));
  });

  it('falls back to English for a language it has no catalogue for', async () => {
    expect(await activateLocale('xx')).toBe('en');
    expect(formatViews(2)).toBe('2 views');
  });
});

describe('dates and lifetimes of API tokens', () => {
  it('dates carry the year and the locale’s order; lifetimes in days, whole years as years', () => {
    const date = new Date(Date.UTC(2026, 11, 7, 21, 5));
    expect(formatDateTime(date, 'en', 'UTC')).toBe('7 Dec 2026, 21:05');
    expect(formatDateTime(date, 'de', 'UTC')).toBe('07.12.2026, 21:05');
    expect(formatDays(30, 'en')).toBe('30 days');
    expect(formatDays(7, 'fr')).toBe('7\u00a0jours'); // French joins number and unit with a no-break space
    expect(formatDays(365, 'en')).toBe('1 year');
    expect(formatDays(365, 'pl')).toBe('1 rok');
  });
});
