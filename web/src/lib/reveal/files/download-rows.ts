/**
 * The reveal page's account of its file downloads: one row per file of the manifest (idle, running
 * with the bytes written so far, done, or ended and why), and the summary over them that the
 * "Download all" bar shows. Sizes are the manifest's exact plaintext sizes (reveal-state.ts).
 */
import { formatSize } from '#lib/i18n/intl-format.ts';
import type { DownloadOutcome } from './download-outcome.ts';
import type { Saved } from './file-downloads.ts';
import { downloadAllText } from '#lib/reveal/reveal-messages.ts';

export type Row =
  | { kind: 'idle' }
  | { kind: 'running'; bytes: number }
  | { kind: 'done' }
  | { kind: 'ended'; outcome: Exclude<DownloadOutcome, { kind: 'ok' }> };

export const idleRows = (count: number): Row[] => Array.from({ length: count }, () => ({ kind: 'idle' }));

/** The row once a save has ended, however it ended. */
export function settledRow(saved: Saved): Row {
  return saved.outcome.kind === 'ok' ? { kind: 'done' } : { kind: 'ended', outcome: saved.outcome };
}

/** "37%", rounded down so that 100% only ever means finished. */
export const percent = (fraction: number): string => `${Math.floor(fraction * 100)}%`;

/** How far a running download of a file of `size` bytes is, 0..1 (an empty file stays at 0). */
export const runningFraction = (bytes: number, size: number): number => (size > 0 ? bytes / size : 0);

/** Whether this row's file failed verification (it is announced by one banner, not per row). */
export const isDamaged = (row: Row): boolean => row.kind === 'ended' && row.outcome.kind === 'corrupt';

interface DownloadsSummary {
  /** A download is running (one at a time): the buttons wait and leaving the page asks first. */
  busy: boolean;
  allDone: boolean;
  damaged: boolean;
  /** Bytes of the files saved, plus those written so far of the running one. */
  doneBytes: number;
  total: number;
  /** 0..1 over all files; with only empty files, 1 once all are done. */
  overall: number;
  /** The bar's label: "3 files · 5,000 bytes", "Downloading · 40%", "1 of 3 files downloaded"… */
  label: string;
}

export function summarize(rows: readonly Row[], sizes: readonly number[]): DownloadsSummary {
  const busy = rows.some((r) => r.kind === 'running');
  const allDone = rows.every((r) => r.kind === 'done');
  const total = sizes.reduce((n, size) => n + size, 0);
  const doneBytes = rows.reduce(
    (n, r, i) => n + (r.kind === 'done' ? (sizes[i] ?? 0) : r.kind === 'running' ? r.bytes : 0),
    0,
  );
  const overall = total > 0 ? doneBytes / total : allDone ? 1 : 0;
  const doneCount = rows.filter((r) => r.kind === 'done').length;
  const count = sizes.length;
  const label = allDone
    ? downloadAllText.allDone
    : busy
      ? downloadAllText.downloading(percent(overall))
      : doneCount > 0
        ? downloadAllText.someDone(doneCount, count)
        : downloadAllText.idle(count, formatSize(total));
  return { busy, allDone, damaged: rows.some(isDamaged), doneBytes, total, overall, label };
}
