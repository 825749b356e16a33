/**
 * One catalogue area (scripts/paraglide-options.ts): every language — English too — a separate chunk,
 * fetched the first time that language becomes active, so a page's code carries no catalogue and
 * downloads exactly one language (issue 11: the reveal page's byte budget counts only runtime code).
 * Pages activate their language before the first render (page-locale.ts), and `activateLocale` switches
 * only once the new language is loaded, so `m()` always has the active language's messages.
 * `m()` is the active language's module; `t` and `texts` build the plain-string API the *-messages.ts
 * modules export, as getters, so every read follows the language.
 */
import { currentLocale, registerArea, trackLocale } from './catalogue.ts';
import { baseLocale, type Locale } from './locales.ts';

type Message = (inputs: never) => string;

/** Keys of messages without placeholders. */
export type PlainKey<C> = {
  [K in keyof C]: C[K] extends (inputs: infer I) => string ? (keyof I extends never ? K : never) : never;
}[keyof C];

export interface Area<C> {
  /** The active language's messages: `m().reveal_title({ heading })`. */
  m(): C;
  /** A message without placeholders, in the active language. */
  t(key: PlainKey<C>): string;
  /**
   * A message module's object: each property named in `keys` is a getter reading the active catalogue;
   * `rest` adds functions and fixed values. Never spread the result: spreading freezes the language.
   */
  texts<const K extends Record<string, PlainKey<C>>, R extends object = object>(
    keys: K,
    rest?: R,
  ): { readonly [P in keyof K]: string } & R;
}

/**
 * A language's catalogue chunk, or undefined for a language the area has none of. The SvelteKit app
 * finds the chunks with `import.meta.glob` (recipient-chunks.ts, sender-chunks.ts); the create and
 * reveal pages read their URLs from the shell (src/pages/shell-catalogues.ts), so that their code does
 * not grow with the number of languages (docs/performance.md "Light pages").
 */
export type CatalogueLoader<C> = (locale: Locale) => Promise<C> | undefined;

export function defineArea<C extends Record<string, Message>>(load: CatalogueLoader<C>, name: string): Area<C> {
  const loaded = new Map<Locale, C>();
  const m = (): C => {
    trackLocale();
    const messages = loaded.get(currentLocale()) ?? loaded.get(baseLocale);
    // A programming error, not a state a person can reach: the entry module awaits the language.
    if (messages === undefined) throw new Error(`${name} ${currentLocale()} unloaded`);
    return messages;
  };
  const t = (key: PlainKey<C>): string => (m()[key] as (inputs: object) => string)({});
  registerArea({
    async load(locale) {
      if (loaded.has(locale)) return;
      const messages = load(locale);
      if (messages) loaded.set(locale, await messages);
    },
  });
  return {
    m,
    t,
    texts(keys, rest) {
      const out: object = rest ?? {};
      for (const [prop, key] of Object.entries(keys)) {
        Object.defineProperty(out, prop, { get: () => t(key), enumerable: true });
      }
      return out as never;
    },
  };
}
