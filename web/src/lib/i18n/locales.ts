/**
 * The languages the app has catalogues for (web/project.inlang/settings.json `locales`, compiled by
 * Paraglide), which of them are written right to left, and how a browser's preference list
 * (navigator.languages) or a link's language segment picks one of them.
 */
import { baseLocale, isLocale, locales, type Locale } from './paraglide/recipient/runtime.js';

export { baseLocale, isLocale, locales, type Locale };

/** Scripts written right to left among the languages we ship or plan to (issue 13: ar, he, fa, ur). */
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

export function isRtl(locale: string): boolean {
  return RTL.has(locale.toLowerCase().split('-')[0] ?? '');
}

/**
 * The first supported language in a preference list: an exact tag match (`pt-BR`), else the same
 * language in the same script (`zh-TW`, `zh-HK`, `zh-MO`, `zh-Hant-*` → `zh-Hant`; `zh`, `zh-CN`,
 * `zh-SG` → `zh-Hans`: Intl.Locale#maximize adds the likely script from CLDR's likely-subtags data,
 * so the browser's own data decides, not a hand-kept region list), else the language alone
 * (`de-AT` → `de`, `pt-PT` → `pt`), else any supported regional form of it.
 */
export function matchLocale(preferred: readonly string[]): Locale | undefined {
  const lower = new Map(locales.map((l) => [l.toLowerCase(), l] as const));
  for (const tag of preferred) {
    const t = tag.toLowerCase();
    const exact = lower.get(t);
    if (exact) return exact;
    const language = t.split('-')[0] ?? '';
    const sameScript = scriptMatch(tag, language);
    if (sameScript) return sameScript;
    const base = lower.get(language);
    if (base) return base;
    const regional = locales.find((l) => l.toLowerCase().startsWith(`${language}-`));
    if (regional) return regional;
  }
  return undefined;
}

/** A supported tag that names a script (`zh-Hant`) matching the script `tag` is likely written in. */
function scriptMatch(tag: string, language: string): Locale | undefined {
  const script = likelyScript(tag);
  if (!script) return undefined;
  return locales.find((l) => l.toLowerCase() === `${language}-${script}`);
}

function likelyScript(tag: string): string | undefined {
  try {
    return new Intl.Locale(tag).maximize().script?.toLowerCase();
  } catch {
    return undefined; // not a well-formed tag: no script to go by
  }
}

/** A language's own name for itself ("Deutsch", "العربية", "日本語"), from the browser's Intl data. */
export function endonym(locale: Locale): string {
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
  } catch {
    return locale;
  }
}
