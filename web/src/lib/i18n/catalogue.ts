/**
 * The active language's messages. English (the source catalogue, web/messages/en.json) is bundled;
 * every other language is a separate chunk loaded when it becomes active, so a page carries one or two
 * languages, never all of them. `m()` and `locale()` are reactive (Svelte's createSubscriber): a
 * template or $derived that reads them re-runs when the language changes, so switching language
 * re-renders in place without a reload and without losing the page's state.
 */
import { createSubscriber } from 'svelte/reactivity';
import * as en from './paraglide/messages/en.js';
import { baseLocale, isLocale, type Locale } from './locales.ts';

export type Catalogue = typeof en;

// Every compiled locale module but the index (which would import them all).
const loaders = import.meta.glob<Catalogue>(['./paraglide/messages/*.js', '!./paraglide/messages/_index.js']);

let current: Catalogue = en;
let active: Locale = baseLocale;
const listeners = new Set<() => void>();
const subscribe = createSubscriber((update) => {
  listeners.add(update);
  return () => listeners.delete(update);
});

/** The active catalogue: `m().reveal_heading_checking()`. */
export function m(): Catalogue {
  subscribe();
  return current;
}

/** The active language tag, for Intl formatters and `<html lang>`. */
export function locale(): Locale {
  subscribe();
  return active;
}

/** Loads a language's catalogue (once) and makes it active; unknown tags fall back to English. */
export async function activateLocale(tag: string): Promise<Locale> {
  const next: Locale = isLocale(tag) ? tag : baseLocale;
  const load = loaders[`./paraglide/messages/${next}.js`];
  const catalogue = next === baseLocale || !load ? en : await load();
  current = catalogue;
  active = next;
  for (const update of listeners) update();
  return next;
}

/** Catalogue keys of messages without placeholders. */
export type PlainKey = {
  [K in keyof Catalogue]: keyof Parameters<Catalogue[K]>[0] extends never ? K : never;
}[keyof Catalogue];

/** A message without placeholders, in the active language: `t('reveal_heading_checking')`. */
export function t(key: PlainKey): string {
  return m()[key]({});
}

/**
 * A message module's object: each property named in `keys` is a getter reading the active catalogue
 * (so a template showing it re-renders when the language changes); `rest` adds functions and fixed
 * values. Never spread the result: spreading would freeze the getters' current language.
 */
export function texts<const K extends Record<string, PlainKey>, R extends object = object>(
  keys: K,
  rest?: R,
): { readonly [P in keyof K]: string } & R {
  const out: object = rest ?? {};
  for (const [prop, key] of Object.entries(keys)) {
    Object.defineProperty(out, prop, { get: () => t(key), enumerable: true });
  }
  return out as { readonly [P in keyof K]: string } & R;
}
