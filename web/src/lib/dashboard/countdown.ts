/**
 * Compact live countdowns for the dashboard ("2d 03h", "3h 04m", "4m 09s", "9s"). Two units at most:
 * the seconds only show in the last hour, where they matter. Pure functions of `now`, so the page's
 * one-second tick and the tests share them.
 */
import { DAY, HOUR, MINUTE } from '@zkpush/shared/expiry';

const pad = (n: number): string => String(n).padStart(2, '0');

/** Whole seconds left, rounded up so "0s" is shown only once it has really run out. */
export function secondsLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / 1000));
}

export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s >= DAY) return `${Math.floor(s / DAY)}d ${pad(Math.floor((s % DAY) / HOUR))}h`;
  if (s >= HOUR) return `${Math.floor(s / HOUR)}h ${pad(Math.floor((s % HOUR) / MINUTE))}m`;
  if (s >= MINUTE) return `${Math.floor(s / MINUTE)}m ${pad(s % MINUTE)}s`;
  return `${s}s`;
}
