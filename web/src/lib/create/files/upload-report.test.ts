import { describe, expect, it } from 'vitest';
import type { UploadProgress } from '@zkpush/shared/upload';
import { PROGRESS_INTERVAL_MS } from './progress-throttle.ts';
import { createUploadReport } from './upload-report.ts';

const MIB = 1024 * 1024;
const at = (sentBytes: number, phase: UploadProgress['phase'] = 'uploading'): UploadProgress => ({
  phase,
  files: [{ sentBytes, totalBytes: 100 * MIB }],
  sentBytes,
  totalBytes: 100 * MIB,
});

describe('createUploadReport', () => {
  it('shows the first report, with no rate until the meter has two samples a moment apart', () => {
    const t = 1000;
    const report = createUploadReport(() => t);
    expect(report(at(0), false)).toEqual({ progress: at(0), rate: '' });
  });

  it('keeps what is on screen between repaints; a repaint brings the rate so far', () => {
    let t = 0;
    const report = createUploadReport(() => t);
    expect(report(at(0), false)).toBeDefined();
    t = PROGRESS_INTERVAL_MS - 1;
    expect(report(at(2 * MIB), true)).toBeUndefined();
    t = 600;
    const shown = report(at(6 * MIB), true);
    expect(shown?.progress.sentBytes).toBe(6 * MIB);
    // 6 MiB in 600 ms: 10 MiB/s, 94 MiB left.
    expect(shown?.rate).toBe('10 MiB/s · about 9 seconds left');
  });

  it('shows any report while nothing is on screen (a resumed run before its first repaint)', () => {
    const t = 0;
    const report = createUploadReport(() => t);
    expect(report(at(0), false)).toBeDefined();
    expect(report(at(1), true)).toBeUndefined();
    expect(report(at(2), false)?.progress.sentBytes).toBe(2);
  });

  it('shows a change of phase at once', () => {
    const t = 0;
    const report = createUploadReport(() => t);
    report(at(0), false);
    expect(report(at(5, 'reconnecting'), true)?.progress.phase).toBe('reconnecting');
  });
});
