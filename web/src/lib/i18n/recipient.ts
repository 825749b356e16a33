/**
 * The `recipient` catalogue area: site shell, generic UI, formatting, the reveal page and the download
 * bridge (keys ui_, fmt_, reveal_, dl_; web/messages/recipient/<locale>.json). All the reveal page loads.
 */
import { defineArea } from './area.ts';
import type * as en from './paraglide/recipient/messages/en.js';

export const { m, t, texts } = defineArea(
  import.meta.glob<typeof en>(['./paraglide/recipient/messages/*.js', '!./paraglide/recipient/messages/_index.js']),
  (locale) => `./paraglide/recipient/messages/${locale}.js`,
);
