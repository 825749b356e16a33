import { describe, expect, it } from 'vitest';
import { announceSignedIn, onMaybeSignedIn, SIGN_IN_CHANNEL } from './sign-in-channel.ts';
import { openSignInWindow } from './recipient-session.ts';

/** A window as far as these modules use one: events, a document with a visibility state, open(). */
function fakeWindow(opened: { opener: unknown; location: { href: string } } | null = null) {
  const target = new EventTarget();
  const document = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
  const calls: string[] = [];
  const scope = Object.assign(target, {
    document,
    location: { origin: 'https://zk.example' },
    open: (url: string) => {
      calls.push(url);
      return opened;
    },
  });
  return { scope: scope as unknown as Window, document, calls };
}

describe('waiting for the sign-in window (issue 12 §5)', () => {
  it('checks again on the channel message, on focus and when the tab is shown — and stops when told', async () => {
    const { scope, document } = fakeWindow();
    let checks = 0;
    const stop = onMaybeSignedIn(() => void checks++, scope);
    const heard = new Promise<void>((resolve) => {
      const listener = new BroadcastChannel(SIGN_IN_CHANNEL);
      listener.onmessage = () => {
        listener.close();
        resolve();
      };
    });
    announceSignedIn();
    await heard;
    // The page's own channel hears it too (each BroadcastChannel object is told apart).
    await expect.poll(() => checks).toBe(1);
    scope.dispatchEvent(new Event('focus'));
    document.dispatchEvent(new Event('visibilitychange'));
    expect(checks).toBe(2);
    document.visibilityState = 'visible';
    document.dispatchEvent(new Event('visibilitychange'));
    expect(checks).toBe(3);
    stop();
    scope.dispatchEvent(new Event('focus'));
    expect(checks).toBe(3);
  });
});

describe('openSignInWindow', () => {
  it('cuts the new window off from this tab before it leaves the origin, then sends it to sign in', () => {
    const popup = { opener: 'this tab' as unknown, location: { href: 'about:blank' } };
    const { scope, calls } = fakeWindow(popup);
    expect(openSignInWindow('/auth/login?returnTo=%2Fsigned-in', scope)).toBe(true);
    expect(calls).toEqual(['']);
    expect(popup.opener).toBeNull();
    expect(popup.location.href).toBe('https://zk.example/auth/login?returnTo=%2Fsigned-in');
  });

  it('says so when the browser blocked the window', () => {
    expect(openSignInWindow('/auth/login', fakeWindow(null).scope)).toBe(false);
  });
});
