/**
 * The `sender` catalogue area: the create page and the dashboard (keys create_, dash_;
 * web/messages/sender/<locale>.json). The reveal page never loads it.
 */
import { defineArea } from './area.ts';
import type * as en from './paraglide/sender/messages/en.js';

export const { m, t, texts } = defineArea(
  import.meta.glob<typeof en>(['./paraglide/sender/messages/*.js', '!./paraglide/sender/messages/_index.js']),
  (locale) => `./paraglide/sender/messages/${locale}.js`,
);
