import { areasReady } from '#lib/i18n/catalogue.ts';

// Written to build/team.html at build time; the page reads everything in the browser.
export const prerender = true;

/** The team view's words are in the `sender` area: wait for its language before the first render. */
export async function load(): Promise<void> {
  if (typeof window !== 'undefined') await areasReady();
}
