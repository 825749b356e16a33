/**
 * The dashboard keeps its states current on its own (issue 13 §4.6): a recipient's view or a deletion
 * shows without pressing Refresh. It re-reads the active pushes every `everyMs` while the tab is
 * visible, at once when the tab becomes visible again (a hidden tab asks nothing), and a push whose
 * countdown has just passed zero (expiredSince) so its trail gets the server's "Expired" event.
 */
type Timer = ReturnType<typeof setInterval>;

type VisibleDocument = Pick<Document, 'addEventListener' | 'removeEventListener' | 'visibilityState'>;

export const AUTO_REFRESH_MS = 30_000;

/** Starts refreshing; the function it returns stops (an onMount teardown). */
export function startAutoRefresh(
  doc: VisibleDocument,
  refresh: () => void,
  everyMs: number = AUTO_REFRESH_MS,
): () => void {
  const handle: Timer = setInterval(() => {
    if (doc.visibilityState === 'visible') refresh();
  }, everyMs);
  const onVisible = (): void => {
    if (doc.visibilityState === 'visible') refresh();
  };
  doc.addEventListener('visibilitychange', onVisible);
  return () => {
    clearInterval(handle);
    doc.removeEventListener('visibilitychange', onVisible);
  };
}

/**
 * Ids whose expiry passed between `before` and `now` (each crosses once), for a one-off refresh: the
 * clock already shows them as ended, the server's record says why.
 */
export function expiredSince(items: readonly { id: string; expiresAt: Date }[], before: Date, now: Date): string[] {
  return items.filter((i) => i.expiresAt > before && i.expiresAt <= now).map((i) => i.id);
}
