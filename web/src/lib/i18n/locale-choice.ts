/**
 * Which language a page starts in, and remembering the person's choice. Order: the language a link
 * carries (`/<lang>/s/<id>`, chosen by the sender for the recipient; docs/wire-format.md), then the
 * language this browser chose before, then navigator.languages, then English. The stored value is only
 * a language tag — never anything about a secret — and it is never sent to the server.
 */
import { baseLocale, isLocale, isRtl, matchLocale, type Locale } from './locales.ts';

export const LOCALE_STORAGE_KEY = 'zkpush.lang';

export function storedLocale(storage: Pick<Storage, 'getItem'> | undefined): Locale | undefined {
  try {
    const value = storage?.getItem(LOCALE_STORAGE_KEY);
    return value && isLocale(value) ? value : undefined;
  } catch {
    return undefined; // storage blocked: the choice is simply not remembered
  }
}

export function rememberLocale(storage: Pick<Storage, 'setItem'> | undefined, locale: Locale): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage blocked or full: the page still switches, it just forgets on reload.
  }
}

/**
 * Norwegian (issue 13 §1): browsers may send the macrolanguage `no` (or `no-NO`), which means Bokmål
 * in practice, or Nynorsk `nn`, whose readers all read Bokmål too and are better served by it than by
 * English (CLDR languageMatching counts nn→nb as a close match). Tried right after the tag itself, so
 * a catalogue of its own, if one is added, still wins.
 */
const CLOSE_LANGUAGE: ReadonlyMap<string, string> = new Map([
  ['no', 'nb'],
  ['nn', 'nb'],
]);

function withCloseLanguages(preferred: readonly string[]): string[] {
  return preferred.flatMap((tag) => {
    const close = CLOSE_LANGUAGE.get(tag.toLowerCase().split('-')[0] ?? '');
    return close ? [tag, close] : [tag];
  });
}

export function initialLocale(input: {
  linkLocale?: string | undefined;
  stored?: Locale | undefined;
  preferred: readonly string[];
}): Locale {
  if (input.linkLocale && isLocale(input.linkLocale)) return input.linkLocale;
  // A link's `/<lang>/` is only checked for form (the CLI takes any BCP 47 tag): `zh-TW`, `pt-br`
  // still open in the nearest language we have before the browser's own preference.
  const linked = input.linkLocale ? matchLocale([input.linkLocale]) : undefined;
  if (linked) return linked;
  return input.stored ?? matchLocale(withCloseLanguages(input.preferred)) ?? baseLocale;
}

/** `<html lang dir>`: screen readers pick their voice from lang, the layout mirrors on dir. */
export function applyDocumentLocale(root: HTMLElement, locale: Locale): void {
  root.lang = locale;
  root.dir = isRtl(locale) ? 'rtl' : 'ltr';
}
