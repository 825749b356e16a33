/**
 * The active language, and the catalogue areas that follow it. Each area (area.ts: `recipient`,
 * `sender`) registers here when its module is first imported — so a page only ever loads the areas it
 * uses — and `activateLocale` loads the new language's module for every registered area before
 * switching. `locale()` is reactive (Svelte's createSubscriber): a template or $derived that reads it,
 * or an area's `m()`, re-runs when the language changes — switching re-renders in place, no reload, and
 * the page keeps its state.
 */
import { createSubscriber } from 'svelte/reactivity';
import { baseLocale, isLocale, type Locale } from './locales.ts';

/** What catalogue.ts needs from an area: load a language's messages (each is a chunk of its own). */
export interface LoadableArea {
  load(locale: Locale): Promise<void>;
}

const areas = new Set<LoadableArea>();
let active: Locale = baseLocale;
const listeners = new Set<() => void>();
const subscribe = createSubscriber((update) => {
  listeners.add(update);
  return () => listeners.delete(update);
});

/** The active language tag, for Intl formatters and `<html lang>`. */
export function locale(): Locale {
  subscribe();
  return active;
}

/** Tracks the active language without reading it (areas call this from their `m()`). */
export function trackLocale(): void {
  subscribe();
}

/**
 * Called once by each area module. An area imported after the language was chosen (a page reached by
 * client-side navigation) loads that language at once; `areasReady()` lets a load function wait for it.
 */
let pending: Promise<unknown> = Promise.resolve();
/** Whether a language was activated yet: before that, areas wait for `activateLocale` to load them. */
let activated = false;
export function registerArea(area: LoadableArea): void {
  areas.add(area);
  if (activated) pending = Promise.all([pending, area.load(active).then(notify)]);
}

/** Resolves when every registered area has the active language's messages. */
export function areasReady(): Promise<unknown> {
  return pending;
}

function notify(): void {
  for (const update of listeners) update();
}

/** Loads a language for every registered area and makes it active; unknown tags fall back to English. */
export async function activateLocale(tag: string): Promise<Locale> {
  const next: Locale = isLocale(tag) ? tag : baseLocale;
  await Promise.all([...areas].map((area) => area.load(next)));
  active = next;
  activated = true;
  notify();
  return next;
}

/** The locale an area should show now (read inside its reactive `m()`). */
export function currentLocale(): Locale {
  return active;
}
