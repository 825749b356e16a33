/**
 * The instance statistics of the team view (GET /api/v1/admin/stats; issue 12 §4), shaped for a
 * table and a small SVG bar chart — no chart library: three series over at most 30 days fit in a few
 * rects. Pure, so the geometry is unit-tested.
 */
import type { AdminStats } from '@zkpush/shared/push-list-schemas';

export const SERIES = ['created', 'opened', 'expired'] as const;
export type Series = (typeof SERIES)[number];

export interface Totals {
  created: number;
  opened: number;
  expired: number;
}

export function totals(days: AdminStats['days']): Totals {
  const sum: Totals = { created: 0, opened: 0, expired: 0 };
  for (const day of days) for (const s of SERIES) sum[s] += day[s];
  return sum;
}

export interface Bar {
  series: Series;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
}

export interface Chart {
  width: number;
  height: number;
  /** The largest daily value (the top of the scale); at least 1 so an empty month draws flat. */
  max: number;
  bars: Bar[];
}

/**
 * One group of three bars per day, left to right oldest first, in a `width` × `height` box (SVG user
 * units; the SVG scales to its container). Bars of 0 stay 0 high.
 */
export function barChart(days: AdminStats['days'], width = 600, height = 160): Chart {
  const max = Math.max(1, ...days.flatMap((d) => SERIES.map((s) => d[s])));
  const slot = days.length === 0 ? width : width / days.length;
  const gap = slot * 0.2;
  const barWidth = (slot - gap) / SERIES.length;
  const bars = days.flatMap((day, i) =>
    SERIES.map((series, j) => {
      const h = (day[series] / max) * height;
      return {
        series,
        x: i * slot + gap / 2 + j * barWidth,
        y: height - h,
        width: barWidth,
        height: h,
        value: day[series],
      };
    }),
  );
  return { width, height, max, bars };
}

/** Bytes stored: encrypted envelopes plus the padded files still held. */
export function storageTotal(storage: AdminStats['storage']): number {
  return storage.envelopeBytes + storage.fileBytes;
}
