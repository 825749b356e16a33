/**
 * The page's language, end to end: picked once when the app starts (locale-choice.ts order), changed
 * by the language picker, remembered in localStorage (only the tag), and mirrored on `<html lang dir>`.
 * Changing it swaps the active catalogue in place (catalogue.ts): no reload, the page keeps its state.
 */
import { activateLocale } from './catalogue.ts';
import { applyDocumentLocale, initialLocale, rememberLocale, storedLocale } from './locale-choice.ts';
import type { Locale } from './locales.ts';

let started: Promise<Locale> | undefined;

/** localStorage, or undefined where reading the property itself throws (storage disabled). */
function pageStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Once per page load, before the first render (routes/+layout.ts). `linkLocale`: a link's `/<lang>/`. */
export function startPageLocale(linkLocale?: string): Promise<Locale> {
  started ??= (async () => {
    const tag = initialLocale({ linkLocale, stored: storedLocale(pageStorage()), preferred: navigator.languages });
    const active = await activateLocale(tag);
    applyDocumentLocale(document.documentElement, active);
    return active;
  })();
  return started;
}

/** The person picked a language: show it now and remember it for this browser. */
export async function choosePageLocale(tag: string): Promise<Locale> {
  const active = await activateLocale(tag);
  applyDocumentLocale(document.documentElement, active);
  rememberLocale(pageStorage(), active);
  return active;
}
