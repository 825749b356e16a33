/**
 * Serves the built SvelteKit SPA (adapter-static): `index.html` for `/`, prerendered pages by name,
 * static files, and `200.html` as the fallback for client routes such as `/s/<id>`.
 * HTML is read once at start-up with its CSP header precomputed and is never cached by browsers
 * (`no-store`: the reveal page must always be fresh); content-hashed files under `_app/immutable/` are
 * cached for a year. Without a build, every page answers 503 with instructions.
 */
import type { Context } from 'hono';
import type { Logger } from '../../logger.ts';
import { extractMetaCsp, hardenCsp } from './csp.ts';
import { assetPathFrom, type AssetSource } from './static-assets.ts';

type Page = { body: Uint8Array<ArrayBuffer>; csp: string };

export interface Spa {
  /** Answers a GET/HEAD for a non-API path. */
  serve(c: Context): Promise<Response>;
}

const FALLBACK_PAGE = '200.html';
const IMMUTABLE_PREFIX = '_app/immutable/';
const HTML_TYPE = 'text/html; charset=utf-8';
/**
 * The policy a script runs under when it is a worker: dedicated and service workers take their CSP
 * from their own script's response, not from the page that started them (CSP3 §4.2.1 "Initialize a
 * global object's CSP list"; Chromium enforces it). Without one, the sealing, KDF and download
 * workers — which hold keys — could eval and compile WebAssembly whatever the pages forbid. Scripts a
 * page loads with <script> ignore a policy on their own response, so every JavaScript file gets it.
 */
export const WORKER_CSP =
  "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const NOT_BUILT =
  'zkpush: the web app has not been built (no index.html in the web directory).\n' +
  'Run `pnpm build` in the repository root (or set ZKPUSH_WEB_DIR), then restart the server.\n';

export async function loadSpa(source: AssetSource, logger: Logger): Promise<Spa> {
  const pages = new Map<string, Page>();
  for (const path of await source.list()) {
    if (!path.endsWith('.html')) continue;
    const asset = await source.get(path);
    if (asset === undefined) continue;
    const meta = extractMetaCsp(new TextDecoder().decode(asset.body));
    if (meta === undefined) logger.warn('page has no CSP meta tag; serving a strict default policy', { page: path });
    const { header, removed } = hardenCsp(meta);
    if (removed.length > 0) logger.warn('removed unsafe CSP sources', { page: path, removed: removed.join(', ') });
    pages.set(path, { body: asset.body, csp: header });
  }
  if (!pages.has('index.html')) {
    logger.warn('web app not built; pages answer 503', { hint: 'run pnpm build' });
    return NOT_BUILT_SPA;
  }

  const html = (c: Context, page: Page, extra: Record<string, string> = {}): Response =>
    c.body(page.body, 200, {
      'Content-Type': HTML_TYPE,
      'Cache-Control': 'no-store',
      'Content-Security-Policy': page.csp,
      ...extra,
    });

  return {
    async serve(c) {
      const path = assetPathFrom(c.req.path);
      if (path === undefined) return notFound(c);
      for (const candidate of candidates(path)) {
        const page = pages.get(candidate);
        if (page !== undefined) return html(c, page);
        if (candidate.endsWith('.html')) continue;
        const asset = await source.get(candidate);
        if (asset === undefined) continue;
        const cache = candidate.startsWith(IMMUTABLE_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache';
        const script = asset.contentType.startsWith('text/javascript');
        return c.body(asset.body, 200, {
          'Content-Type': asset.contentType,
          'Cache-Control': cache,
          ...(script ? { 'Content-Security-Policy': WORKER_CSP } : {}),
        });
      }
      // Client-side routes (no file extension, outside _app/) get the SPA shell; missing files get 404.
      const fallback = pages.get(FALLBACK_PAGE) ?? pages.get('index.html');
      if (looksLikeRoute(path) && fallback !== undefined) {
        return html(c, fallback, { 'X-Robots-Tag': 'noindex, nofollow' });
      }
      return notFound(c);
    },
  };
}

/** Every page answers 503 with build instructions (also the default when no SPA is configured). */
export const NOT_BUILT_SPA: Spa = Object.freeze({
  serve: (c: Context) => Promise.resolve(c.text(NOT_BUILT, 503, { 'Cache-Control': 'no-store' })),
});

function candidates(path: string): string[] {
  if (path === '' || path.endsWith('/')) return [`${path}index.html`];
  return [path, `${path}.html`, `${path}/index.html`];
}

function looksLikeRoute(path: string): boolean {
  const last = path.split('/').at(-1) ?? '';
  return !path.startsWith('_app/') && !last.includes('.');
}

const notFound = (c: Context): Response => c.text('Not found\n', 404, { 'Cache-Control': 'no-store' });
