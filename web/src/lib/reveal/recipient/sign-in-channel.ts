/**
 * How the sign-in window tells the reveal page it is done (issue 12 §5). A recipient-bound link's key
 * is in the URL fragment, which an OpenID Connect redirect round-trip would lose — and which must never
 * reach the server or web storage — so the reveal tab never navigates: sign-in runs in a window of its
 * own that ends on the small `/signed-in` page (web/src/routes/signed-in/), which posts on this
 * same-origin BroadcastChannel. The message carries nothing: the reveal tab asks `/api/v1/me` itself.
 */
export const SIGN_IN_CHANNEL = 'zkpush-sign-in';

/** The return path given to `/auth/login?returnTo=` (auth/login-flow.ts accepts same-origin paths only). */
export const SIGNED_IN_PATH = '/signed-in';

/** Tells every tab of this origin waiting for a sign-in that one finished. */
export function announceSignedIn(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(SIGN_IN_CHANNEL);
  channel.postMessage('signed-in');
  channel.close();
}

/**
 * Calls `check` whenever a sign-in may have finished: a message on the channel, or this tab coming
 * back into view or focus (a browser without BroadcastChannel, or a sign-in finished in another
 * window). Returns the function that stops listening.
 */
export function onMaybeSignedIn(check: () => void, scope: Window = window): () => void {
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(SIGN_IN_CHANNEL);
  const visible = (): void => {
    if (scope.document.visibilityState === 'visible') check();
  };
  channel?.addEventListener('message', check);
  scope.addEventListener('focus', check);
  scope.document.addEventListener('visibilitychange', visible);
  return () => {
    channel?.close();
    scope.removeEventListener('focus', check);
    scope.document.removeEventListener('visibilitychange', visible);
  };
}
