/**
 * Numbers, sizes, durations and view counts in the active language, through Intl (plural forms come
 * from Intl.PluralRules via the catalogues' plural variants or from Intl's own unit formatting — no
 * hand-written plural rules). The CLI keeps its English wording in @zkpush/shared; the web app uses
 * these. The Intl parts take an optional locale (tests pin one); words come from the active catalogue.
 */
import { DAY, HOUR, MINUTE } from '@zkpush/shared/expiry';
import { locale as activeLocale } from './catalogue.ts';
import { m } from './recipient.ts';

/**
 * The tag handed to Intl. Plain `en` would format dates the US way ("Sat, Nov 22, 02:05 PM"); the
 * app's English has always used the 24-hour, day-month style, so English formats as en-GB.
 */
export function intlLocale(locale: string = activeLocale()): string {
  return locale === 'en' ? 'en-GB' : locale;
}

export function formatNumber(n: number, locale?: string): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(n);
}

const BINARY_UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/** "512 bytes", "3.4 MiB", "4 GiB": binary units as the server's limits are set, 3 significant digits. */
export function formatBytes(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return exactBytes(Math.round(bytes));
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = new Intl.NumberFormat(intlLocale(locale), { maximumSignificantDigits: 3 }).format(value);
  // KiB/MiB are IEC symbols, the same in every language; only the number is localised.
  return `${number} ${BINARY_UNITS[unit]}`;
}

const DECIMAL_UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * "512 bytes", "57 kB", "3.4 MB": for recipients, who are not expected to know KiB (issue 13 §4.9) —
 * decimal units as file managers and phones show them, worded by Intl in the active language.
 */
export function formatSize(bytes: number, locale?: string): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return exactBytes(Math.round(bytes));
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(intlLocale(locale), {
    style: 'unit',
    unit: DECIMAL_UNITS[unit],
    maximumSignificantDigits: 3,
  }).format(value);
}

/** The exact count with the locale's grouping: "1,048,577 bytes". */
export function exactBytes(bytes: number): string {
  return m().fmt_bytes({ count: bytes });
}

const DURATION_UNITS = [
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', 1],
] as const;

/** "1 day", "2 hours", "1 day 6 hours" — the largest two units, each worded by Intl. */
export function formatDuration(seconds: number, locale?: string): string {
  const tag = intlLocale(locale);
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [unit, size] of DURATION_UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'long' }).format(n));
    rest -= n * size;
    if (parts.length === 2) break;
  }
  if (parts.length === 0) {
    return new Intl.NumberFormat(tag, { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(0);
  }
  return new Intl.ListFormat(tag, { type: 'unit', style: 'narrow' }).format(parts);
}

/**
 * Time left, as formatDuration. Beyond an hour it rounds to whole minutes (the server stamps
 * `expiresAt` a few milliseconds before the client reads its clock); below an hour it rounds up, so
 * nothing reads "0 seconds" early. Same rounding as @zkpush/shared/expiry formatRemaining.
 */
export function formatRemaining(seconds: number, locale?: string): string {
  if (seconds >= HOUR) return formatDuration(Math.round(seconds / MINUTE) * MINUTE, locale);
  return formatDuration(Math.ceil(seconds), locale);
}

/**
 * "in 4 hours", "in 1 day 6 hours": Intl.RelativeTimeFormat when one unit says it all, otherwise the
 * catalogue's "in {duration}" around formatRemaining.
 */
export function formatIn(seconds: number, locale?: string): string {
  const rounded = seconds >= HOUR ? Math.round(seconds / MINUTE) * MINUTE : Math.ceil(Math.max(0, seconds));
  for (const [unit, size] of DURATION_UNITS) {
    if (rounded >= size && rounded % size === 0) {
      return new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: 'always' }).format(rounded / size, unit);
    }
    if (rounded >= size) break;
  }
  return m().fmt_in({ duration: formatRemaining(seconds, locale) });
}

/** "once", "twice", "3 times" (exact forms where the language has them, else plural variants). */
export function formatTimes(n: number): string {
  return m().fmt_times({ count: n });
}

/** "1 view", "5 views". */
export function formatViews(n: number): string {
  return m().fmt_views({ count: n });
}

/**
 * "7 Dec 2026, 21:05": a date that may be months away or ago (API tokens' expiry and last use), so
 * with the year, unlike the wall clock of a push (time-format.ts). `timeZone` pins tests.
 */
export function formatDateTime(date: Date, locale?: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: 'medium',
    timeStyle: 'short',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(date);
}

/** "30 days", "1 year": a lifetime chosen in whole days, worded by Intl (whole years as years). */
export function formatDays(days: number, locale?: string): string {
  const [unit, n] = days % 365 === 0 ? (['year', days / 365] as const) : (['day', days] as const);
  return new Intl.NumberFormat(intlLocale(locale), { style: 'unit', unit, unitDisplay: 'long' }).format(n);
}
