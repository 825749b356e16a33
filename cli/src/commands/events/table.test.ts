import { describe, expect, test } from 'vitest';
import { formatTrail } from './table.ts';
import type { Trail } from './trail.ts';

const trail: Trail = {
  id: 'AAAAAAAAAAAAAAAAAAAAAA',
  state: 'active',
  views: 1,
  viewsLeft: 1,
  createdAt: '2026-12-07T10:00:00.000Z',
  expiresAt: '2026-12-07T11:00:00.000Z',
  events: [{ seq: 1, type: 'created', at: '2026-12-07T10:00:00.000Z', ip: null, userAgent: null, referrer: null }],
};
const now = Date.parse('2026-12-07T10:30:00.000Z');

describe('formatTrail', () => {
  test('says how many wrong link keys the server counted and how many it does not list', () => {
    const text = formatTrail({ ...trail, failedKeyAttempts: { count: 2000, omitted: 1990 } }, now);
    expect(text).toMatch(/^wrong keys +2000 \(1990 not listed\)$/m);
    expect(formatTrail({ ...trail, failedKeyAttempts: { count: 3, omitted: 0 } }, now)).toMatch(/^wrong keys +3$/m);
  });

  test('has no wrong-keys line when there were none', () => {
    expect(formatTrail(trail, now)).not.toContain('wrong keys');
  });
});
