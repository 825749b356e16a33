import { describe, expect, it } from 'vitest';
import { localLabels, mergePages, summaryStatus } from './server-push-status.ts';

const now = new Date('2030-01-01T12:00:00Z');

describe('a server-listed push on its card', () => {
  it('is active until its expiry, then shown expired before the sweeper runs', () => {
    expect(summaryStatus({ state: 'active', expiresAt: '2030-01-01T13:00:00Z' }, now)).toMatchObject({
      state: 'active',
      ended: false,
      label: 'Active',
    });
    expect(summaryStatus({ state: 'active', expiresAt: '2030-01-01T12:00:00Z' }, now)).toMatchObject({
      state: 'expired',
      ended: true,
    });
  });

  it('labels every ended state, deletion included', () => {
    expect(summaryStatus({ state: 'deleted', expiresAt: '2030-01-02T00:00:00Z' }, now)).toEqual({
      state: 'deleted',
      label: 'Deleted',
      ended: true,
    });
    for (const state of ['viewed', 'expired', 'locked'] as const) {
      expect(summaryStatus({ state, expiresAt: '2030-01-02T00:00:00Z' }, now).label).not.toBe('');
    }
  });

  it('takes labels from this browser, by push id', () => {
    const labels = localLabels([{ id: 'a', label: 'prod DB' }, { id: 'b' }]);
    expect(labels.get('a')).toBe('prod DB');
    expect(labels.has('b')).toBe(false);
  });

  it('merges pages without repeating a push', () => {
    expect(mergePages([{ id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }]).map((p) => p.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
});
