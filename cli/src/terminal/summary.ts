/**
 * Human sentences about a push: how often it opens and when it expires. Time comes in as `now` so
 * tests use a fixed clock. The words for time left and view counts are the web app's
 * (@zkpush/shared/expiry: past an hour, rounded to whole minutes).
 */
import { formatBytes } from '@zkpush/shared/byte-format';
import { formatRemaining, formatTimes, formatViews } from '@zkpush/shared/expiry';
import { terminalMessages as m } from './messages.ts';

/** Time left until `expiresAt` (an ISO time from the server), never negative. */
export function timeLeft(expiresAt: string, now: number): string {
  return formatRemaining(Math.max(0, (Date.parse(expiresAt) - now) / 1000));
}

/** After a push: "Link opens once, expires in 1 day." */
export function describeCreated(views: number, expiresAt: string, now: number): string {
  return m.created(formatTimes(views), timeLeft(expiresAt, now));
}

/** After an open: what is left for the next person. */
export function describeViewsLeft(viewsLeft: number, expiresAt: string, now: number): string {
  if (viewsLeft === 0) return m.lastView;
  return m.viewsLeft(formatViews(viewsLeft), timeLeft(expiresAt, now));
}

/** A file push's files as the server knows them: "3 (4.2 MiB in all, padded)". */
function describeFiles(files: readonly { paddedSize: number }[]): string {
  const total = formatBytes(files.reduce((n, f) => n + f.paddedSize, 0));
  return m.filesPadded(files.length, total);
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
    [m.labels.id, meta.id],
    [m.labels.viewsLeft, m.viewsOf(meta.viewsLeft, meta.views)],
    [m.labels.created, meta.createdAt],
    [m.labels.expires, m.expiresIn(meta.expiresAt, timeLeft(meta.expiresAt, now))],
  ];
  if (meta.files) rows.push([m.labels.files, describeFiles(meta.files)]);
  return rows.map(([k, v]) => `${k.padEnd(11)}${v}\n`).join('');
}
