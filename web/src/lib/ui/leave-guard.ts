/**
 * Asking before the page is left while work runs that lives only in this tab: a file upload (its
 * keys exist nowhere else, so it cannot be picked up again) or the downloads of revealed files.
 * Cancelling `beforeunload` is what makes the browser ask (HTML Standard, "unloading documents");
 * the question is the browser's own, the page cannot word it.
 */
type UnloadTarget = Pick<EventTarget, 'addEventListener' | 'removeEventListener'>;

/** Starts asking on `target` (the window); the function it returns stops — an `$effect` teardown. */
export function askBeforeLeaving(target: UnloadTarget): () => void {
  const warn = (event: Event): void => event.preventDefault();
  target.addEventListener('beforeunload', warn);
  return () => target.removeEventListener('beforeunload', warn);
}
