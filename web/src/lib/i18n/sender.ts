/**
 * The `sender` catalogue area: the create page and the dashboard (keys create_, dash_;
 * web/messages/sender/<locale>.json). The reveal page never loads it.
 */
import { defineArea } from './area.ts';
import { senderCatalogue } from './sender-chunks.ts';

export const { m, t, texts } = defineArea(senderCatalogue, 'sender');
