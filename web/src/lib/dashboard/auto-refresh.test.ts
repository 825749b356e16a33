import { describe, expect, it, vi } from 'vitest';
import { expiredSince, startAutoRefresh } from './auto-refresh.ts';

function fakeDocument(state: DocumentVisibilityState) {
  const target = new EventTarget();
  return Object.assign(target, { visibilityState: state });
}

describe('startAutoRefresh', () => {
  it('refreshes on the interval only while visible, and at once when the tab comes back', () => {
    vi.useFakeTimers();
    try {
      const doc = fakeDocument('visible');
      const refresh = vi.fn();
      const stop = startAutoRefresh(doc, refresh, 1000);
      vi.advanceTimersByTime(2500);
      expect(refresh).toHaveBeenCalledTimes(2);
      doc.visibilityState = 'hidden';
      vi.advanceTimersByTime(3000);
      expect(refresh).toHaveBeenCalledTimes(2);
      doc.visibilityState = 'visible';
      doc.dispatchEvent(new Event('visibilitychange'));
      expect(refresh).toHaveBeenCalledTimes(3);
      stop();
      vi.advanceTimersByTime(5000);
      doc.dispatchEvent(new Event('visibilitychange'));
      expect(refresh).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('expiredSince', () => {
  it('lists each push once, in the tick its expiry passes', () => {
    const items = [
      { id: 'a', expiresAt: new Date(10_000) },
      { id: 'b', expiresAt: new Date(20_000) },
    ];
    expect(expiredSince(items, new Date(9_000), new Date(10_000))).toEqual(['a']);
    expect(expiredSince(items, new Date(10_000), new Date(11_000))).toEqual([]);
    expect(expiredSince(items, new Date(11_000), new Date(25_000))).toEqual(['b']);
  });
});
