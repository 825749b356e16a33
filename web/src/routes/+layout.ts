import { startPageLocale } from '#lib/i18n/page-locale.ts';

// A client-only SPA: the server never renders pages, it serves the built shells (the create and
// reveal pages are not SvelteKit routes: web/src/pages/; 200.html for the rest) and the browser does
// the rest — including all crypto.
export const ssr = false;

/** The page's language is loaded before the first render, so nobody sees a flash of English. */
export async function load(): Promise<void> {
  // Never true while prerendering the shell in Node: ssr is off, load runs in the browser only.
  if (typeof window !== 'undefined') await startPageLocale();
}
