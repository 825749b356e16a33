/**
 * What the create page shows of a running file upload: its speed and time left (the shared rate
 * meter, sampled on every report so the figures stay right) and only the reports worth a repaint
 * (progress-throttle.ts: repaints cost the thread that reads the files and sends the chunks).
 */
import { createRateMeter, describeRate } from '@zkpush/shared/transfer-rate';
import type { UploadProgress } from '@zkpush/shared/upload';
import { createProgressThrottle } from './progress-throttle.ts';

interface UploadShown {
  progress: UploadProgress;
  /** "5 MiB/s · about 6 seconds left", or empty while unknown. */
  rate: string;
}

/** A running upload as the page shows it; `cancelling` once Cancel upload was pressed. */
export interface UploadOnScreen {
  /** Undefined until the first report of this run. */
  progress: UploadProgress | undefined;
  rate: string;
  cancelling: boolean;
}

/**
 * One upload run's reporter (a resumed run starts a new one). Takes every report of the uploader;
 * answers what to show, or undefined to keep what is on screen. `onScreen`: whether an earlier
 * report is shown yet — until then every report is.
 */
export function createUploadReport(
  now: () => number,
): (progress: UploadProgress, onScreen: boolean) => UploadShown | undefined {
  const meter = createRateMeter(now);
  const worthShowing = createProgressThrottle(now);
  return (progress, onScreen) => {
    meter.sample(progress.sentBytes, progress.totalBytes);
    if (!worthShowing(progress) && onScreen) return undefined;
    return { progress, rate: describeRate(meter) };
  };
}
