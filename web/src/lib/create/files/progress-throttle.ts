/**
 * How often the create page repaints upload progress. The uploader reports every chunk the server
 * acknowledges (shared/src/upload.ts) — about a hundred reports a second at 100 MiB/s — and each one
 * re-renders the progress bars and the rate line on the page's main thread, the same thread that
 * reads the file and issues every chunk request, which is what limits an upload's speed in the
 * browser (docs/performance.md "File pushes"). Showing a report at most every PROGRESS_INTERVAL_MS,
 * and always the first, a change of phase and the last, keeps the bar smooth to the eye for a
 * fraction of the cost. The rate meter still samples every report.
 */
export const PROGRESS_INTERVAL_MS = 200;

type Report = { phase: string; sentBytes: number; totalBytes: number };

/** A filter for one upload's reports: true for the ones worth showing. */
export function createProgressThrottle(now: () => number, intervalMs = PROGRESS_INTERVAL_MS): (r: Report) => boolean {
  let shownAt = -Infinity;
  let phase: string | undefined;
  return (report) => {
    const at = now();
    const show = report.phase !== phase || report.sentBytes >= report.totalBytes || at - shownAt >= intervalMs;
    if (show) {
      shownAt = at;
      phase = report.phase;
    }
    return show;
  };
}
