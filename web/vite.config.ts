/**
 * SvelteKit 3 takes its configuration through the Vite plugin (there is no svelte.config.js).
 * The app is a static SPA: `/` is prerendered to index.html, every other path (`/s/<id>`) is served
 * by the API server with the `200.html` fallback shell. CSP uses hashes, so both files carry a
 * `<meta http-equiv="content-security-policy">` that the server copies into a header (adding
 * frame-ancestors, which a meta tag cannot carry).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-static';
import { defineConfig, type Plugin } from 'vite';

const apiUrl = process.env['ZKPUSH_API_URL'] ?? 'http://127.0.0.1:8080';

/**
 * SvelteKit's root component gives its route announcer (`#svelte-announcer`) an inline `style`
 * attribute, which `style-src 'self'` blocks (a CSP violation on every page load; sveltejs/kit#11993,
 * fix proposed in sveltejs/kit#14566). We drop the attribute at build time and hide the announcer
 * with the same rules in src/lib/styles/base.css. If Kit changes that markup the build fails here
 * rather than the CSP failing in browsers.
 */
function announcerWithoutInlineStyle(): Plugin {
  const rootComponent = /[\\/]@sveltejs[\\/]kit[\\/]src[\\/]runtime[\\/]components[\\/]root\.svelte$/;
  return {
    name: 'zkpush:announcer-without-inline-style',
    enforce: 'pre',
    transform(code, id) {
      if (!rootComponent.test(id)) return null;
      const out = code.replace(/(<div\s+id="svelte-announcer"[^>]*?)\s+style="[^"]*"/, '$1');
      if (/\sstyle=/.test(out)) {
        this.error('SvelteKit root.svelte has an inline style this patch does not know: see web/vite.config.ts');
      }
      return { code: out, map: null };
    },
  };
}

/**
 * `/` and `/s/<id>` are not SvelteKit routes (web/src/pages/, built by vite.pages.config.ts). In
 * `vite dev` this serves their HTML shells for those paths, with the entry module loaded from source,
 * so `pnpm dev` shows the same pages as the production build.
 */
function pagesInDev(): Plugin {
  const pageOf = (path: string): string | undefined =>
    path === '/' ? 'create' : /^\/s\/[^/]+\/?$/.test(path) ? 'reveal' : undefined;
  return {
    name: 'zkpush:pages-in-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = req.url ?? '/';
        const page = pageOf(url.split('?')[0] ?? '/');
        if (page === undefined || req.method !== 'GET' || !(req.headers.accept ?? '').includes('text/html')) {
          next();
          return;
        }
        const file = fileURLToPath(new URL(`./src/pages/${page}.html`, import.meta.url));
        const html = readFileSync(file, 'utf8').replace(`./${page}-main.ts`, `/src/pages/${page}-main.ts`);
        server
          .transformIndexHtml(url, html)
          .then((out) => {
            res.setHeader('content-type', 'text/html; charset=utf-8');
            res.end(out);
          })
          .catch(next);
      });
    },
  };
}

export default defineConfig({
  plugins: [
    pagesInDev(),
    announcerWithoutInlineStyle(),
    sveltekit({
      adapter: adapter({ fallback: '200.html' }),
      // Absolute asset URLs: index.html and 200.html then work under any path the server serves them at.
      paths: { relative: false },
      // No background polling of /_app/version.json: the app makes no request the person didn't cause.
      version: { pollInterval: 0 },
      // src/service-worker/ streams decrypted downloads and nothing else. Kit would register it on every
      // page load; only the reveal page of a file push needs it, so that page registers it itself
      // (lib/download-bridge/download-worker-client.ts). Kit 3 builds it to /service-worker.js as an ES module.
      serviceWorker: { register: false },
      csp: {
        mode: 'hash',
        directives: {
          'default-src': ['self'],
          'script-src': ['self'],
          'style-src': ['self'],
          'img-src': ['self', 'data:'],
          'connect-src': ['self'],
          'object-src': ['none'],
          'base-uri': ['none'],
          'form-action': ['self'],
        },
      },
    }),
  ],
  // kdf-worker.ts is spawned with `{ type: 'module' }`; emit it as an ES module to match. It stays a
  // separate same-origin file under /_app/immutable/workers (never a blob: or data: URL), so the CSP's
  // script-src 'self' — which worker-src falls back to — allows it.
  worker: { format: 'es' },
  server: {
    proxy: { '/api': { target: apiUrl, changeOrigin: false } },
  },
});
