/**
 * Serves the built SvelteKit SPA (adapter-static): `index.html` for `/`, prerendered pages by name,
 * static files, and for any other client route the nearest `200.html` up its folders: `s/200.html`
 * (the reveal page's own shell, web/scripts/page-shells.ts) for `/s/<id>` and `/<lang>/s/<id>`, the root `200.html`
 * (SvelteKit's fallback) for the rest. Only the app's own pages (client-routes.ts) answer 200: any
 * other address gets the root fallback shell — the app's styled "Page not found" — with status 404.
 * HTML is read once at start-up with its CSP header precomputed and is never cached by browsers
 * (`no-store`: the reveal page must always be fresh); content-hashed files under `_app/immutable/` are
 * cached for a year. Pages and files go out brotli- or gzip-encoded when the build holds such a copy
 * and the client accepts it (content-encoding.ts), with `Vary: Accept-Encoding`; Content-Length is
 * always that of the bytes sent. Range and conditional requests are not supported here: every file
 * answer is a full 200 (the files are small, and hashed ones are cached for a year anyway).
 * Without a build, every page answers 503 with instructions.
 */
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { splitLinkPath } from '@zkpush/shared/link';
import type { Context } from 'hono';
import type { Logger } from '../../logger.ts';
import { acceptedCodings, CODING_SUFFIX, CODINGS, type Coding } from './content-encoding.ts';
import { extractMetaCsp, hardenCsp } from './csp.ts';
import { isClientRoute } from './client-routes.ts';
import { assetPathFrom, type AssetSource } from './static-assets.ts';

type Body = Uint8Array<ArrayBuffer>;
type Page = { body: Body; encoded: ReadonlyMap<Coding, Body>; csp: string };
/** What goes on the wire: the bytes and, when they are a compressed copy, its coding. */
type Encoded = { body: Body; coding: Coding | undefined };

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

export type SpaOptions = {
  /**
   * Changes every page once at start-up (branding/brand-html.ts: title, favicon, brand stylesheets).
   * A changed page is compressed here; the build's copies are of the unchanged one.
   */
  transformHtml?: (html: string) => string;
};

export async function loadSpa(source: AssetSource, logger: Logger, options: SpaOptions = {}): Promise<Spa> {
  const pages = new Map<string, Page>();
  for (const path of await source.list()) {
    if (!path.endsWith('.html')) continue;
    const asset = await source.get(path);
    if (asset === undefined) continue;
    const text = new TextDecoder().decode(asset.body);
    const meta = extractMetaCsp(text);
    if (meta === undefined) logger.warn('page has no CSP meta tag; serving a strict default policy', { page: path });
    const { header, removed } = hardenCsp(meta);
    if (removed.length > 0) logger.warn('removed unsafe CSP sources', { page: path, removed: removed.join(', ') });
    const changed = options.transformHtml?.(text);
    if (changed !== undefined && changed !== text) {
      pages.set(path, { ...compressedPage(new TextEncoder().encode(changed)), csp: header });
      continue;
    }
    const encoded = new Map<Coding, Body>();
    for (const coding of CODINGS) {
      const copy = await source.get(path + CODING_SUFFIX[coding]);
      if (copy !== undefined) encoded.set(coding, copy.body);
    }
    pages.set(path, { body: asset.body, encoded, csp: header });
  }
  if (!pages.has('index.html')) {
    logger.warn('web app not built; pages answer 503', { hint: 'run pnpm build' });
    return NOT_BUILT_SPA;
  }

  const html = (c: Context, page: Page, extra: Record<string, string> = {}, status: 200 | 404 = 200): Response => {
    const coding = acceptedCodings(c.req.header('accept-encoding')).find((k) => page.encoded.has(k));
    const body = coding === undefined ? page.body : (page.encoded.get(coding) ?? page.body);
    return send(
      c,
      { body, coding },
      {
        'Content-Type': HTML_TYPE,
        'Cache-Control': 'no-store',
        'Content-Security-Policy': page.csp,
        ...extra,
      },
      status,
    );
  };

  /** The file as sent: the first accepted compressed copy the build holds, else the file itself. */
  const encodedAsset = async (c: Context, path: string, body: Body): Promise<Encoded> => {
    for (const coding of acceptedCodings(c.req.header('accept-encoding'))) {
      const copy = await source.get(path + CODING_SUFFIX[coding]);
      if (copy !== undefined) return { body: copy.body, coding };
    }
    return { body, coding: undefined };
  };

  return {
    async serve(c) {
      const path = assetPathFrom(c.req.path);
      if (path === undefined) return notFound(c);
      const route = isClientRoute(path);
      for (const candidate of candidates(path)) {
        const page = pages.get(candidate);
        // A page only by its route: `/200`, `/index` or `/s/200` are not addresses of the app.
        if (page !== undefined && route) return html(c, page);
        if (candidate.endsWith('.html')) continue;
        // A compressed copy is a form of its original, not a file of its own.
        if (await isCompressedCopy(source, candidate)) continue;
        const asset = await source.get(candidate);
        if (asset === undefined) continue;
        const cache = candidate.startsWith(IMMUTABLE_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache';
        const script = asset.contentType.startsWith('text/javascript');
        return send(c, await encodedAsset(c, candidate, asset.body), {
          'Content-Type': asset.contentType,
          'Cache-Control': cache,
          ...(script ? { 'Content-Security-Policy': WORKER_CSP } : {}),
        });
      }
      // Client-side routes get their shell; any other page-like address (no file extension, outside
      // _app/) the root fallback shell, whose router renders the app's 404 page, with status 404
      // (issue 13 §4.4); a missing file a plain-text 404.
      const noindex = { 'X-Robots-Tag': 'noindex, nofollow' };
      if (route) {
        const shell = fallbackFor(path, pages);
        if (shell !== undefined) return html(c, shell, noindex);
      }
      const notFoundPage = pages.get(FALLBACK_PAGE);
      if (looksLikeRoute(path) && notFoundPage !== undefined) return html(c, notFoundPage, noindex, 404);
      return notFound(c);
    },
  };
}

/** Every page answers 503 with build instructions (also the default when no SPA is configured). */
export const NOT_BUILT_SPA: Spa = Object.freeze({
  serve: (c: Context) => Promise.resolve(c.text(NOT_BUILT, 503, { 'Cache-Control': 'no-store' })),
});

/**
 * A 200 (or the given status) with exactly these bytes: Content-Length is theirs (HEAD gets the same headers, no body), and
 * every answer says it depends on Accept-Encoding — also an unencoded one, which a shared cache must
 * not hand to a client that accepts brotli (or the other way round).
 */
function send(
  c: Context,
  { body, coding }: Encoded,
  headers: Record<string, string>,
  status: 200 | 404 = 200,
): Response {
  return c.body(body, status, {
    ...headers,
    ...(coding === undefined ? {} : { 'Content-Encoding': coding }),
    'Content-Length': String(body.byteLength),
    Vary: 'Accept-Encoding',
  });
}

/** A page and its brotli and gzip forms, at the settings web/scripts/precompress.ts uses for the build. */
function compressedPage(body: Body): Omit<Page, 'csp'> {
  const copy = (bytes: Buffer): Body => new Uint8Array(bytes);
  const encoded = new Map<Coding, Body>([
    ['br', copy(brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }))],
    ['gzip', copy(gzipSync(body, { level: 9 }))],
  ]);
  return { body, encoded };
}

async function isCompressedCopy(source: AssetSource, path: string): Promise<boolean> {
  const suffix = Object.values(CODING_SUFFIX).find((s) => path.endsWith(s));
  return suffix !== undefined && (await source.get(path.slice(0, -suffix.length))) !== undefined;
}

function candidates(path: string): string[] {
  if (path === '' || path.endsWith('/')) return [`${path}index.html`];
  return [path, `${path}.html`, `${path}/index.html`];
}

/**
 * The nearest `200.html` in the route's folders (`s/<id>` → `s/200.html`, then `200.html`), else
 * index.html. A link carrying the recipient's language, `<lang>/s/<id>` (docs/wire-format.md §3), is
 * the reveal page's route too: it looks up from `s/<id>`, so it gets `s/200.html` (the page reads the
 * language from the address bar).
 */
function fallbackFor(path: string, pages: ReadonlyMap<string, Page>): Page | undefined {
  const link = splitLinkPath(`/${path}`);
  const route = link?.lang === undefined ? path : `s/${link.id}`;
  const folders = route.split('/').slice(0, -1);
  for (let depth = folders.length; depth >= 0; depth -= 1) {
    const shell = pages.get([...folders.slice(0, depth), FALLBACK_PAGE].join('/'));
    if (shell !== undefined) return shell;
  }
  return pages.get('index.html');
}

function looksLikeRoute(path: string): boolean {
  const last = path.split('/').at(-1) ?? '';
  return !path.startsWith('_app/') && !last.includes('.');
}

const notFound = (c: Context): Response => c.text('Not found\n', 404, { 'Cache-Control': 'no-store' });
