import { describe, expect, it } from 'vitest';
import { barChart, storageTotal, totals } from './team-stats.ts';

const days = [
  { day: '2030-01-01', created: 4, opened: 2, expired: 0 },
  { day: '2030-01-02', created: 1, opened: 3, expired: 2 },
];

describe('team statistics', () => {
  it('sums each series over the days', () => {
    expect(totals(days)).toEqual({ created: 5, opened: 5, expired: 2 });
    expect(totals([])).toEqual({ created: 0, opened: 0, expired: 0 });
  });

  it('scales bars to the largest daily value, three per day, oldest first', () => {
    const chart = barChart(days, 100, 40);
    expect(chart.max).toBe(4);
    expect(chart.bars).toHaveLength(6);
    const [created1, opened1, expired1, created2] = chart.bars;
    expect(created1).toMatchObject({ series: 'created', height: 40, y: 0, value: 4 });
    expect(opened1).toMatchObject({ series: 'opened', height: 20, y: 20 });
    expect(expired1).toMatchObject({ series: 'expired', height: 0, y: 40 });
    expect(created2!.x).toBeGreaterThan(expired1!.x);
    for (const bar of chart.bars) expect(bar.x + bar.width).toBeLessThanOrEqual(100);
  });

  it('draws an empty month flat', () => {
    const chart = barChart([{ day: '2030-01-01', created: 0, opened: 0, expired: 0 }], 100, 40);
    expect(chart.max).toBe(1);
    expect(chart.bars.every((b) => b.height === 0)).toBe(true);
  });

  it('adds envelope and file bytes', () => {
    expect(storageTotal({ envelopeBytes: 10, fileBytes: 1024 })).toBe(1034);
  });
});
