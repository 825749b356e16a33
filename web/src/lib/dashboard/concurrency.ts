/**
 * Runs `task` for every item with at most `limit` in flight — the dashboard refreshes every
 * remembered push on load and should not open dozens of requests at once (nor trip rate limits).
 * Each result is handed to `onResult` as soon as it arrives, so the list fills in progressively.
 */
export async function forEachLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
  onResult: (item: T, result: R) => void,
): Promise<void> {
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const item = items[next++]!;
      onResult(item, await task(item));
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
