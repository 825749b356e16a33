/**
 * Copy to the clipboard with the async Clipboard API; where it is missing or refused (insecure
 * context, permissions policy, older browsers) fall back to selecting the text so the person can
 * press Ctrl+C / ⌘C. Never logs what it copies.
 */
export type CopyOutcome = 'copied' | 'selected';

interface ClipboardLike {
  writeText(text: string): Promise<void>;
}

export interface Selectable {
  focus(): void;
  select(): void;
}

export async function copyText(
  text: string,
  fallback: Selectable | undefined,
  /** `navigator.clipboard`, injected for tests; may be undefined outside secure contexts. */
  clipboard: ClipboardLike | undefined,
): Promise<CopyOutcome> {
  if (clipboard) {
    try {
      await clipboard.writeText(text);
      return 'copied';
    } catch {
      // Denied or unavailable: fall through to selecting the text.
    }
  }
  fallback?.focus();
  fallback?.select();
  return 'selected';
}

/** Ctrl+C, or ⌘C on Apple platforms — for the fallback hint. */
export function copyShortcut(platform: string = globalThis.navigator?.platform ?? ''): string {
  return /mac|iphone|ipad|ipod/i.test(platform) ? '⌘C' : 'Ctrl+C';
}
