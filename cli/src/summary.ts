/**
 * Human sentences about a push: how often it opens and when it expires. Time comes in as `now` so
 * tests use a fixed clock. Durations past an hour are rounded to whole minutes, as the web app does:
 * the server stamps `expiresAt` a moment before we read the clock, and "23 hours 59 minutes" for a
 * one-day link would only confuse.
 */
import { formatBytes } from '@zkpush/shared/byte-format';
import { formatDuration, HOUR, MINUTE } from '@zkpush/shared/expiry';

export function formatRemaining(expiresAt: string, now: number): string {
  const seconds = Math.max(0, (Date.parse(expiresAt) - now) / 1000);
  if (seconds >= HOUR) return formatDuration(Math.round(seconds / MINUTE) * MINUTE);
  return formatDuration(Math.ceil(seconds));
}

function times(n: number): string {
  if (n === 1) return 'once';
  if (n === 2) return 'twice';
  return `${n} times`;
}

function viewsWord(n: number): string {
  return `${n} view${n === 1 ? '' : 's'}`;
}

/** After a push: "Link opens once, expires in 1 day." */
export function describeCreated(views: number, expiresAt: string, now: number): string {
  return `Link opens ${times(views)}, expires in ${formatRemaining(expiresAt, now)}.`;
}

/** After an open: what is left for the next person. */
export function describeViewsLeft(viewsLeft: number, expiresAt: string, now: number): string {
  if (viewsLeft === 0) return 'That was the last view: the secret is now deleted from the server.';
  return `${viewsWord(viewsLeft)} left; expires in ${formatRemaining(expiresAt, now)}.`;
}

/** A file push's files as the server knows them: "3 (4.2 MiB in all, padded)". */
export function describeFiles(files: readonly { paddedSize: number }[]): string {
  const total = formatBytes(files.reduce((n, f) => n + f.paddedSize, 0));
  return `${files.length} (${total} in all, padded: names and exact sizes are encrypted)`;
}

/** `zkpush meta` without --json: aligned "field  value" lines. */
export function describeMeta(
  meta: {
    id: string;
    views: number;
    viewsLeft: number;
    createdAt: string;
    expiresAt: string;
    files?: readonly { paddedSize: number }[] | null;
  },
  now: number,
): string {
  const rows: [string, string][] = [
    ['id', meta.id],
    ['views left', `${meta.viewsLeft} of ${meta.views}`],
    ['created', meta.createdAt],
    ['expires', `${meta.expiresAt} (in ${formatRemaining(meta.expiresAt, now)})`],
  ];
  if (meta.files) rows.push(['files', describeFiles(meta.files)]);
  return rows.map(([k, v]) => `${k.padEnd(11)}${v}\n`).join('');
}
