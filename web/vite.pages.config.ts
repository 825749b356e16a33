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
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export const PAGES = ['create', 'reveal'] as const;

/** The catalogue areas each page uses (src/lib/i18n/recipient.ts, sender.ts). */
const AREAS: Readonly<Record<(typeof PAGES)[number], readonly string[]>> = {
  create: ['recipient', 'sender'],
  reveal: ['recipient'],
};

/**
 * One entry chunk per language of each area the page uses, named `<area>-<locale>` (so
 * `_app/immutable/pages/<area>-<locale>-<hash>.js`): scripts/page-shells.ts finds them in the Vite
 * manifest and writes their URLs into the shell, read by src/pages/shell-catalogues.ts. Paraglide has
 * compiled the catalogues by now (the SvelteKit build runs first).
 */
function catalogueEntries(areas: readonly string[]): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const area of areas) {
    const dir = here(`./src/lib/i18n/paraglide/${area}/messages`);
    if (!existsSync(dir)) throw new Error(`${dir} missing: run node scripts/compile-messages.ts`);
    for (const file of readdirSync(dir)) {
      const locale = /^([^_].*)\.js$/.exec(file)?.[1];
      if (locale !== undefined) entries[`${area}-${locale}`] = `${dir}/${file}`;
    }
  }
  return entries;
}

export default defineConfig(({ mode }) => {
  const page = PAGES.find((p) => p === mode);
  if (page === undefined) throw new Error(`vite.pages.config.ts: --mode must be one of ${PAGES.join(', ')}`);
  return {
    root: here('./src/pages'),
    base: '/',
    publicDir: false,
    plugins: [svelte({ compilerOptions: { discloseVersion: false } })],
    resolve: {
      // Shared components (lib/ui) link with SvelteKit's `resolve`; here the paths resolve to themselves.
      // The catalogue chunks' URLs come from the shell, not from an import.meta.glob map in the code.
      alias: [
        { find: '$app/paths', replacement: here('./src/pages/app-paths.ts') },
        { find: /^\.\/(recipient|sender)-chunks\.ts$/, replacement: here('./src/pages/$1-chunks.ts') },
      ],
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
      // No preload helper: it and its wrapper around each dynamic import cost the reveal page ~0.4 KiB
      // of its 40 KiB budget when the catalogues were imported one by one (docs/performance.md "Light
      // pages"). A lazy chunk's own imports (the catalogue registry, the progress bar) load one step
      // after it — one more round trip while the page already waits for the metadata answer.
      modulePreload: false,
      rollupOptions: {
        input: { [page]: here(`./src/pages/${page}.html`), ...catalogueEntries(AREAS[page]) },
        // Keep the catalogue entries' exports: nothing in the build imports them.
        preserveEntrySignatures: 'exports-only',
      },
    },
  };
});
