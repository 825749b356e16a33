/**
 * Vitest setupFiles for the web project: every catalogue is a lazy chunk (src/lib/i18n/area.ts), and a
 * page activates its language before it renders; tests start where a page does then — both areas
 * registered, English active — unless a test activates another language.
 */
import '../src/lib/i18n/recipient.ts';
import '../src/lib/i18n/sender.ts';
import { activateLocale } from '../src/lib/i18n/catalogue.ts';

await activateLocale('en');
