/**
 * The reveal page (`/s/<id>`), built apart from the SvelteKit app (web/vite.pages.config.ts) so that
 * opening a link loads only what revealing needs — no router, no other page's code — and the HTML
 * preloads every module it needs (docs/performance.md "Light pages"). web/scripts/page-shells.ts
 * writes its HTML to build/s/200.html, which the server sends for every `/s/<id>`.
 */
import '#lib/styles/theme.css';
import '#lib/styles/base.css';
import { mount } from 'svelte';
import RevealApp from './RevealApp.svelte';

const target = document.getElementById('app');
if (target === null) throw new Error('reveal.html has no #app element');
mount(RevealApp, { target, props: { path: location.pathname } });
