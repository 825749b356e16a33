/**
 * The build of the two pages people open most, after SvelteKit's (`pnpm build`, web/package.json):
 * the create page (`/`) and the reveal page (`/s/<id>`) are not SvelteKit routes but plain Svelte apps
 * (src/pages/) mounted into HTML shells, so they load no router, no layout or error node and no other
 * page's code — and the reveal shell starts the metadata request itself (docs/performance.md "Light
 * pages"). SvelteKit keeps the dashboard and the 404 fallback.
 *
 * One build per page (`--mode create`, `--mode reveal`): built together, modules both use statically or
 * dynamically would be merged into shared chunks, and the reveal page would load create-page and
 * passphrase code up front. Creator and recipient are rarely the same browser, so a shared cache would
 * win little. Output goes to .svelte-kit/output/pages/<page>; scripts/page-shells.ts copies the files
 * into build/ and writes the shells, with their CSP, as build/index.html and build/s/200.html. The CSP
 * directives themselves stay in vite.config.ts (SvelteKit's `csp`).
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export const PAGES = ['create', 'reveal'] as const;

export default defineConfig(({ mode }) => {
  const page = PAGES.find((p) => p === mode);
  if (page === undefined) throw new Error(`vite.pages.config.ts: --mode must be one of ${PAGES.join(', ')}`);
  return {
    root: here('./src/pages'),
    base: '/',
    publicDir: false,
    plugins: [svelte()],
    resolve: {
      // Shared components (lib/ui) link with SvelteKit's `resolve`; here the paths resolve to themselves.
      alias: { '$app/paths': here('./src/pages/app-paths.ts') },
    },
    // The workers are same-origin ES module files under /_app/immutable/workers, as in the SvelteKit
    // build (docs/security.md: the workers' script policy).
    worker: {
      format: 'es',
      rollupOptions: {
        output: {
          entryFileNames: '_app/immutable/workers/[name]-[hash].js',
          chunkFileNames: '_app/immutable/workers/[name]-[hash].js',
        },
      },
    },
    build: {
      outDir: here(`./.svelte-kit/output/pages/${page}`),
      emptyOutDir: true,
      assetsDir: '_app/immutable/pages',
      manifest: true,
      // Every browser zkpush supports has <link rel="modulepreload">; no polyfill in the page.
      modulePreload: { polyfill: false },
      rollupOptions: { input: here(`./src/pages/${page}.html`) },
    },
  };
});
