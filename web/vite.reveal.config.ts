/**
 * The reveal page's own build (after SvelteKit's: `pnpm build`, web/package.json). `/s/<id>` is not a
 * SvelteKit route: a plain Svelte app (src/reveal-page/) mounted into an HTML shell that starts the
 * metadata request itself, so the page loads no router, no layout node, no error page and no other
 * route's code (docs/performance.md "Reveal page"). Output goes to .svelte-kit/output/reveal;
 * scripts/reveal-shell.ts copies the files into build/ and writes the shell, with its CSP, as
 * build/s/200.html. The CSP directives themselves stay in vite.config.ts (SvelteKit's `csp`).
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('./src/reveal-page'),
  base: '/',
  publicDir: false,
  plugins: [svelte()],
  resolve: {
    // Shared components (lib/ui) link with SvelteKit's `resolve`; here the paths resolve to themselves.
    alias: { '$app/paths': here('./src/reveal-page/app-paths.ts') },
  },
  // The KDF and file-opening workers are same-origin ES module files, as in the SvelteKit build.
  worker: { format: 'es' },
  build: {
    outDir: here('./.svelte-kit/output/reveal'),
    emptyOutDir: true,
    assetsDir: '_app/immutable/reveal',
    manifest: true,
    // Every browser zkpush supports has <link rel="modulepreload">; no polyfill in the page.
    modulePreload: { polyfill: false },
    rollupOptions: { input: here('./src/reveal-page/reveal.html') },
  },
});
