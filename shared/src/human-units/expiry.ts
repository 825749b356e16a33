/**
 * Human durations for expiry ("90s", "30m", "1h", "7d") and the words for time left and view
 * counts, shared by the web app, the CLI and docs, so both say the same. The server only ever sees
 * whole seconds (`expiresIn`).
 */
const SECOND = 1;
export const MINUTE = 60;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const UNITS: Record<string, number> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

type ParsedDuration = { kind: 'ok'; seconds: number } | { kind: 'invalid'; message: string };

/** Parses "1h", "90m", "7d", "1h30m" or a bare number of seconds. */
export function parseDuration(text: string): ParsedDuration {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) {
    const seconds = Number(t);
    return Number.isSafeInteger(seconds)
      ? { kind: 'ok', seconds }
      : { kind: 'invalid', message: `"${text}" is too long` };
  }
  if (!/^(\d+[smhdw])+$/.test(t)) {
    return { kind: 'invalid', message: `"${text}" is not a duration like 30m, 1h, 7d or 1h30m` };
  }
  let seconds = 0;
  for (const m of t.matchAll(/(\d+)([smhdw])/g)) seconds += Number(m[1]) * UNITS[m[2]!]!;
  if (!Number.isSafeInteger(seconds)) return { kind: 'invalid', message: `"${text}" is too long` };
  return { kind: 'ok', seconds };
}

/** "1 day", "2 hours", "1 day 6 hours" — the largest two units, for people. */
export function formatDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = Math.max(0, Math.round(seconds));
  for (const [unit, size] of [
    ['day', DAY],
    ['hour', HOUR],
    ['minute', MINUTE],
    ['second', SECOND],
  ] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
    rest -= n * size;
    if (parts.length === 2) break;
  }
  return parts.length ? parts.join(' ') : '0 seconds';
}

/**
 * Time left, as formatDuration. Beyond an hour it rounds to whole minutes: the server stamps
 * `expiresAt` a few milliseconds before the client reads its clock, and "23 hours 59 minutes" for a
 * one-day link would only confuse. Below an hour it rounds up, so nothing reads "0 seconds" early.
 */
export function formatRemaining(seconds: number): string {
  if (seconds >= HOUR) return formatDuration(Math.round(seconds / MINUTE) * MINUTE);
  return formatDuration(Math.ceil(seconds));
}

/** "once", "twice", "3 times". */
export function formatTimes(n: number): string {
  if (n === 1) return 'once';
  if (n === 2) return 'twice';
  return `${n} times`;
}

/** "1 view", "5 views". */
export function formatViews(n: number): string {
  return `${n} view${n === 1 ? '' : 's'}`;
}

/** Presets offered by the create form, filtered by the server's bounds. */
export const EXPIRY_PRESETS: readonly { label: string; seconds: number }[] = [
  { label: '5 minutes', seconds: 5 * MINUTE },
  { label: '1 hour', seconds: HOUR },
  { label: '1 day', seconds: DAY },
  { label: '7 days', seconds: 7 * DAY },
  { label: '30 days', seconds: 30 * DAY },
];

export const VIEW_PRESETS: readonly number[] = [1, 2, 3, 5, 10];

/** Clamp-free bounds check, returning a message that names the field and the allowed range. */
export function checkRange(
  field: string,
  value: number,
  range: { min: number; max: number },
): { kind: 'ok' } | { kind: 'out_of_range'; message: string } {
  // Written as a negated conjunction so NaN is out of range too.
  if (!(value >= range.min && value <= range.max)) {
    return { kind: 'out_of_range', message: `${field} must be between ${range.min} and ${range.max} (got ${value})` };
  }
  return { kind: 'ok' };
}
