/**
 * The create page (`/`), built like the reveal page apart from the SvelteKit app
 * (web/vite.pages.config.ts): no router in the first page people open (docs/performance.md
 * "Light pages"). web/scripts/page-shells.ts writes its HTML to build/index.html.
 */
import '#lib/styles/theme.css';
import '#lib/styles/base.css';
import { mount } from 'svelte';
import CreateApp from './CreateApp.svelte';

const target = document.getElementById('app');
if (target === null) throw new Error('create.html has no #app element');
mount(CreateApp, { target });
