/**
 * Wall-clock wording for expiry and audit times, shared by the create, reveal and dashboard pages,
 * in the active language through Intl.DateTimeFormat (time left and view counts: #lib/i18n/intl-format.ts).
 * Everything takes `now` explicitly so tests use a fixed clock, and an optional time zone and locale
 * so they don't depend on the machine's.
 */
import { m } from '#lib/i18n/recipient.ts';
import { formatIn, intlLocale } from '#lib/i18n/intl-format.ts';

export interface FormatOptions {
  /** IANA zone for the wall-clock part; defaults to the browser's. */
  timeZone?: string;
  /** Language tag for Intl; defaults to the active language. */
  locale?: string;
}

/** Remaining seconds until `expiresAt`, never negative. */
export function secondsUntil(expiresAt: Date, now: Date): number {
  return Math.max(0, (expiresAt.getTime() - now.getTime()) / 1000);
}

function dateTimeFormat(options: FormatOptions, seconds: boolean): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(intlLocale(options.locale), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
}

/** "Sat 22 Nov, 14:05" (English) — short enough for one line on a phone, unambiguous within a month. */
export function formatWallClock(date: Date, options: FormatOptions = {}): string {
  return dateTimeFormat(options, false).format(date);
}

/** "in 1 day (Sat 22 Nov, 14:05)". */
export function formatExpiry(expiresAt: Date, now: Date, options: FormatOptions = {}): string {
  return m().fmt_expiry({
    relative: formatIn(secondsUntil(expiresAt, now), options.locale),
    wallClock: formatWallClock(expiresAt, options),
  });
}

/** "Sat 22 Nov, 14:05:07" — audit trail times, where seconds tell close events apart. */
export function formatEventTime(date: Date, options: FormatOptions = {}): string {
  return dateTimeFormat(options, true).format(date);
}
