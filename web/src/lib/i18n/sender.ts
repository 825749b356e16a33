/**
 * The `sender` catalogue area: the create page, the dashboard and the team view (keys create_, dash_, team_;
 * web/messages/sender/<locale>.json). The reveal page never loads it.
 */
import { defineArea } from './area.ts';
import { senderCatalogue } from './sender-chunks.ts';

export const { m, t, texts } = defineArea(senderCatalogue, 'sender');
