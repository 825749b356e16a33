/**
 * The web app's pages, listed explicitly so the server can tell a page from a typo (issue 13 §4.4):
 * an address that is none of these gets the SvelteKit fallback shell — which renders the app's styled
 * "Page not found" (web/src/routes/+error.svelte) — with HTTP status 404 instead of 200. Files of the
 * build (scripts, styles, icons) are not routes and are served by name as before.
 *
 * Keep in step with web/src/routes/ (SvelteKit pages) and web/src/pages/ (create at `/`, reveal at
 * `/s/<id>` and `/<lang>/s/<id>`, docs/wire-format.md §3).
 */
import { splitLinkPath } from '@zkpush/shared/link';

/** SvelteKit routes, as asset paths (no leading slash); '' is the create page. */
export const CLIENT_ROUTES: ReadonlySet<string> = new Set(['', 'dashboard', 'tokens', 'team', 'signed-in']);

/**
 * Whether `path` (an asset path from `assetPathFrom`) is one of the app's pages. Any non-empty id
 * under `/s/` is the reveal page, even a malformed or cut-off one: that page explains to the recipient
 * what is wrong with their link ("This link is incomplete" …), which a generic 404 would not.
 */
export function isClientRoute(path: string): boolean {
  const route = path.endsWith('/') ? path.slice(0, -1) : path;
  if (CLIENT_ROUTES.has(route)) return true;
  const link = splitLinkPath(`/${route}`);
  return link !== undefined && link.id !== '';
}
