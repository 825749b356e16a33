/**
 * The `recipient` catalogue area: site shell, generic UI, formatting, the reveal page and the download
 * bridge (keys ui_, fmt_, reveal_, dl_; web/messages/recipient/<locale>.json). All the reveal page loads.
 */
import { defineArea } from './area.ts';
import { recipientCatalogue } from './recipient-chunks.ts';

export const { m, t, texts } = defineArea(recipientCatalogue, 'recipient');
