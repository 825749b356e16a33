/**
 * The `recipient` area's catalogue chunks in the create and reveal pages (replaces
 * src/lib/i18n/recipient-chunks.ts there, vite.pages.config.ts): URLs from the page's HTML.
 */
import type { CatalogueLoader } from '#lib/i18n/area.ts';
import type * as en from '#lib/i18n/paraglide/recipient/messages/en.js';
import { shellCatalogue } from './shell-catalogues.ts';

export const recipientCatalogue: CatalogueLoader<typeof en> = shellCatalogue('recipient');
