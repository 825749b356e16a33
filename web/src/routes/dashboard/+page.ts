import { areasReady } from '#lib/i18n/catalogue.ts';

// Written to build/dashboard.html at build time; the page reads everything in the browser.
export const prerender = true;

/**
 * This page's words are in the `sender` catalogue area, registered when its modules are imported —
 * after the layout chose the language. Wait for that area's language before the first render.
 */
export async function load(): Promise<void> {
  if (typeof window !== 'undefined') await areasReady();
}
