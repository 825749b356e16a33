/**
 * Where the `sender` area's catalogue chunks are, in the SvelteKit app: one lazy chunk per language.
 * The create and reveal pages replace this module (vite.pages.config.ts `resolve.alias`) with
 * src/pages/sender-chunks.ts, which reads the chunks' URLs from the page's HTML instead.
 */
import type { CatalogueLoader } from './area.ts';
import type * as en from './paraglide/sender/messages/en.js';

const chunks = import.meta.glob<typeof en>([
  './paraglide/sender/messages/*.js',
  '!./paraglide/sender/messages/_index.js',
]);

export const senderCatalogue: CatalogueLoader<typeof en> = (locale) =>
  chunks[`./paraglide/sender/messages/${locale}.js`]?.();
