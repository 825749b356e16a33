/**
 * Speed and time left of a transfer, from progress samples: bytes per second over the last few
 * seconds (so a stall or a burst shows soon, without the number jumping about), and the time the
 * rest would take at that speed. The clock is injected (tests use a fake one). Platform-neutral:
 * the web app's upload and download progress and the CLI's progress lines (cli/src/terminal/transfer-progress.ts)
 * both use it.
 */
import { formatDuration } from '../human-units/expiry.ts';
import { formatBytes } from '../human-units/byte-format.ts';

const RATE_WINDOW_MS = 5_000;

interface RateMeter {
  /** Records that `bytes` of `total` are done now. */
  sample(bytes: number, total: number): void;
  /** Bytes per second over the window, undefined until two samples a moment apart exist. */
  readonly bytesPerSecond: number | undefined;
  /** Seconds left at the current speed, undefined while unknown. */
  readonly secondsLeft: number | undefined;
}

export function createRateMeter(now: () => number, windowMs = RATE_WINDOW_MS): RateMeter {
  const samples: { at: number; bytes: number }[] = [];
  let total = 0;
  let latest = 0;
  return {
    sample(bytes, t) {
      const at = now();
      total = t;
      latest = bytes;
      samples.push({ at, bytes });
      while (samples.length > 2 && samples[1]!.at <= at - windowMs) samples.shift();
    },
    get bytesPerSecond() {
      const first = samples[0];
      const last = samples.at(-1);
      if (!first || !last || last.at - first.at < 250) return undefined;
      return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
    },
    get secondsLeft() {
      const rate = this.bytesPerSecond;
      if (rate === undefined || rate <= 0) return undefined;
      return Math.max(0, (total - latest) / rate);
    },
  };
}

/** "12 MiB/s · about 3 minutes left", or just the speed, or nothing yet. */
export function describeRate(meter: Pick<RateMeter, 'bytesPerSecond' | 'secondsLeft'>): string {
  const rate = meter.bytesPerSecond;
  if (rate === undefined) return '';
  const speed = `${formatBytes(rate)}/s`;
  const left = meter.secondsLeft;
  if (left === undefined) return speed;
  if (left < 1) return `${speed} · almost done`;
  return `${speed} · about ${formatDuration(Math.max(1, Math.round(left)))} left`;
}
