/**
 * The `sender` catalogue area: the create page, the dashboard, the team view, sign-in and API tokens
 * (keys create_, dash_, team_, account_, tokens_; web/messages/sender/<locale>.json). The reveal page
 * never loads it.
 */
import { defineArea } from './area.ts';
import { senderCatalogue } from './sender-chunks.ts';

export const { m, t, texts } = defineArea(senderCatalogue, 'sender');
