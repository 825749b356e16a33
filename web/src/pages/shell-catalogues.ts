/**
 * The catalogue chunks of the create and reveal pages: each language of each area is an entry chunk of
 * the page's build (vite.pages.config.ts), and scripts/page-shells.ts writes their URLs into the shell
 * as a JSON data block, `{ "<area>": { "<locale>": "/_app/immutable/pages/<area>-<locale>-<hash>.js" } }`.
 * Written in the HTML rather than in the page's code, the map costs the page's JavaScript nothing per
 * language (issue 11 §3 budget; docs/performance.md "Light pages"). A data block is never executed, so
 * the shell's CSP needs no hash for it. Only the active language's chunk is imported.
 */
import type { CatalogueLoader } from '#lib/i18n/area.ts';

/** The id of the shell's `<script type="application/json">` element holding the map. */
export const CATALOGUE_MAP_ID = 'zkpush-catalogues';

let map: unknown;

function urlOf(area: string, locale: string): unknown {
  map ??= JSON.parse(document.getElementById(CATALOGUE_MAP_ID)?.textContent ?? '{}');
  const urls: unknown = map instanceof Object ? Reflect.get(map, area) : undefined;
  return urls instanceof Object ? Reflect.get(urls, locale) : undefined;
}

export function shellCatalogue<C>(area: string): CatalogueLoader<C> {
  return (locale) => {
    const url = urlOf(area, locale);
    // The module's shape is the compiled catalogue's (the typed import in <area>-chunks.ts).
    return typeof url === 'string' ? (import(/* @vite-ignore */ url) as Promise<C>) : undefined;
  };
}
