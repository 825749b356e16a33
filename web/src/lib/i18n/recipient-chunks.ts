/**
 * Where the `recipient` area's catalogue chunks are, in the SvelteKit app: one lazy chunk per language.
 * The create and reveal pages replace this module (vite.pages.config.ts `resolve.alias`) with
 * src/pages/recipient-chunks.ts, which reads the chunks' URLs from the page's HTML instead.
 */
import type { CatalogueLoader } from './area.ts';
import type * as en from './paraglide/recipient/messages/en.js';

const chunks = import.meta.glob<typeof en>([
  './paraglide/recipient/messages/*.js',
  '!./paraglide/recipient/messages/_index.js',
]);

export const recipientCatalogue: CatalogueLoader<typeof en> = (locale) =>
  chunks[`./paraglide/recipient/messages/${locale}.js`]?.();
