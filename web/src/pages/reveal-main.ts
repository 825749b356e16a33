/**
 * The reveal page (`/s/<id>`, and `/<lang>/s/<id>` for a link that carries the recipient's language,
 * docs/wire-format.md §3), built apart from the SvelteKit app (web/vite.pages.config.ts) so that
 * opening a link loads only what revealing needs — no router, no other page's code — and the HTML
 * preloads every module it needs (docs/performance.md "Light pages"). web/scripts/page-shells.ts
 * writes its HTML to build/s/200.html, which the server sends for both path forms.
 */
import '#lib/styles/theme.css';
import '#lib/styles/base.css';
import { mount } from 'svelte';
import { splitLinkPath } from '@zkpush/shared/link';
import { startPageLocale } from '#lib/i18n/page-locale.ts';
import RevealApp from './RevealApp.svelte';

const target = document.getElementById('app');
if (target === null) throw new Error('reveal.html: #app');
// The page's language before the first render (no flash of another language); the sender's choice
// in the link (`/<lang>/`) wins over a remembered or preferred one (lib/i18n/locale-choice.ts).
void startPageLocale(splitLinkPath(location.pathname)?.lang).then(() => {
  mount(RevealApp, { target, props: { path: location.pathname } });
});
