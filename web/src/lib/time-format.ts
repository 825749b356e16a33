/**
 * Wall-clock wording for expiry and audit times, shared by the create, reveal and dashboard pages
 * (time left and view counts are worded in @zkpush/shared/expiry, with the CLI).
 * Everything takes `now` explicitly so tests use a fixed clock, and an optional time zone so they
 * don't depend on the machine's.
 */
import { formatRemaining } from '@zkpush/shared/expiry';

export interface FormatOptions {
  /** IANA zone for the wall-clock part; defaults to the browser's. */
  timeZone?: string;
}

/** Remaining seconds until `expiresAt`, never negative. */
export function secondsUntil(expiresAt: Date, now: Date): number {
  return Math.max(0, (expiresAt.getTime() - now.getTime()) / 1000);
}

/** "Sat 22 Nov, 14:05" — short enough for one line on a phone, unambiguous within a month or so. */
export function formatWallClock(date: Date, options: FormatOptions = {}): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('day')} ${get('month')}, ${get('hour')}:${get('minute')}`;
}

/** "in 1 day (Sat 22 Nov, 14:05)". */
export function formatExpiry(expiresAt: Date, now: Date, options: FormatOptions = {}): string {
  return `in ${formatRemaining(secondsUntil(expiresAt, now))} (${formatWallClock(expiresAt, options)})`;
}

/** "Sat 22 Nov, 14:05:07" — audit trail times, where seconds tell close events apart. */
export function formatEventTime(date: Date, options: FormatOptions = {}): string {
  const seconds = new Intl.DateTimeFormat('en-GB', {
    second: '2-digit',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  }).format(date);
  return `${formatWallClock(date, options)}:${seconds.padStart(2, '0')}`;
}
