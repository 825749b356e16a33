import { describe, expect, test } from 'vitest';
import { createProgressThrottle, PROGRESS_INTERVAL_MS } from './progress-throttle.ts';

const report = (sentBytes: number, phase = 'uploading', totalBytes = 100) => ({ phase, sentBytes, totalBytes });

describe('createProgressThrottle', () => {
  test('shows the first report, then at most one per interval', () => {
    let t = 1000;
    const show = createProgressThrottle(() => t);
    expect(show(report(1))).toBe(true);
    t += PROGRESS_INTERVAL_MS - 1;
    expect(show(report(2))).toBe(false);
    t += 1;
    expect(show(report(3))).toBe(true);
    expect(show(report(4))).toBe(false);
  });

  test('always shows a change of phase and the report that completes the transfer', () => {
    const t = 0;
    const show = createProgressThrottle(() => t);
    expect(show(report(10))).toBe(true);
    expect(show(report(20, 'reconnecting'))).toBe(true);
    expect(show(report(30, 'uploading'))).toBe(true);
    expect(show(report(40))).toBe(false);
    expect(show(report(100))).toBe(true);
    expect(show(report(100, 'finalizing'))).toBe(true);
  });
});
