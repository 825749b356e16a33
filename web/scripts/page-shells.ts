/**
 * Build step after both Vite builds (web's `build` script): puts the create and reveal pages
 * (vite.pages.config.ts, output in .svelte-kit/output/pages) into web/build. Their files go under
 * build/_app/immutable/pages/; create.html becomes build/index.html (`/`) and reveal.html
 * build/s/200.html — the shell the server sends for every `/s/<id>` (api/src/http/spa/spa.ts: a
 * route's nearest 200.html). Each gets a CSP <meta> tag: SvelteKit's policy from build/200.html (the
 * directives are written once, in vite.config.ts) with script-src allowing 'self' and the SHA-256 of
 * each of the shell's own inline scripts, nothing else. Each shell also gets the URLs of its page's
 * catalogue chunks (one entry chunk per language, vite.pages.config.ts) as a JSON data block, read by
 * src/pages/shell-catalogues.ts: not executed, so it needs no hash and the CSP is unchanged.
 * And a <link rel="modulepreload"> for each chunk the page's entry imports statically: Rolldown may
 * move code the entry shares with a lazy chunk into a chunk of its own (rolldown issue #10731), and
 * with `build.modulePreload: false` Vite names none — the browser would find it one round trip late.
 *
 * Usage: node web/scripts/page-shells.ts [BUILD_DIR] [PAGES_OUT_DIR]
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { CATALOGUE_MAP_ID } from '../src/pages/shell-catalogues.ts';

/** Each page (vite.pages.config.ts `--mode`) and where its shell goes in build/. */
export const SHELLS: Readonly<Record<string, string>> = { create: 'index.html', reveal: 's/200.html' };

const INLINE_SCRIPT = /<script>([\s\S]*?)<\/script>/g;
const META_CSP = /<meta http-equiv="content-security-policy" content="([^"]*)">/;

/** 'sha256-…' of each inline (attribute-less) script, as CSP hashes them: its exact text. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map(
    ([, body]) =>
      `'sha256-${createHash('sha256')
        .update(body ?? '', 'utf8')
        .digest('base64')}'`,
  );
}

/** SvelteKit's policy with script-src replaced by 'self' plus `hashes`. */
export function shellCsp(kitPolicy: string, hashes: readonly string[]): string {
  const scriptSrc = ["script-src 'self'", ...hashes].join(' ');
  const directives = kitPolicy
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d !== '' && d.split(/\s+/)[0] !== 'script-src');
  return [...directives, scriptSrc].join('; ');
}

/** The shell: `html` with its CSP <meta> inserted right after <meta charset>, before any script. */
export function pageShell(html: string, kitPolicy: string): string {
  const csp = shellCsp(kitPolicy, inlineScriptHashes(html));
  if (/[<>"&]/.test(csp)) throw new Error(`CSP would need escaping in an attribute: ${csp}`);
  const charset = '<meta charset="utf-8" />';
  if (!html.includes(charset)) throw new Error('page has no <meta charset="utf-8" />');
  return html.replace(charset, `${charset}\n    <meta http-equiv="content-security-policy" content="${csp}" />`);
}

/** A Vite manifest's catalogue entries (`<area>-<locale>`, from paraglide/) as area → locale → URL. */
const Manifest = v.record(
  v.string(),
  v.object({
    file: v.string(),
    name: v.optional(v.string()),
    src: v.optional(v.string()),
    isEntry: v.optional(v.boolean()),
    imports: v.optional(v.array(v.string())),
  }),
);

/** `/…` URLs of the JS chunks the manifest entry `key` imports statically, directly or not. */
export function staticImports(manifest: unknown, key: string): string[] {
  const entries = v.parse(Manifest, manifest);
  const urls: string[] = [];
  const seen = new Set<string>([key]);
  const visit = (at: string): void => {
    for (const imported of entries[at]?.imports ?? []) {
      if (seen.has(imported)) continue;
      seen.add(imported);
      const file = entries[imported]?.file;
      if (file !== undefined) urls.push(`/${file}`);
      visit(imported);
    }
  };
  visit(key);
  return urls;
}

/** `html` with a modulepreload link for each URL, right after its module script. */
export function withModulePreloads(html: string, urls: readonly string[]): string {
  if (urls.length === 0) return html;
  const script = /<script type="module"[^>]*><\/script>/.exec(html)?.[0];
  if (script === undefined) throw new Error('page has no module script');
  const links = urls.map((url) => `\n    <link rel="modulepreload" crossorigin href="${url}">`).join('');
  return html.replace(script, script + links);
}

export function catalogueMap(manifest: unknown): Record<string, Record<string, string>> {
  const map: Record<string, Record<string, string>> = {};
  for (const { name, src, file, isEntry } of Object.values(v.parse(Manifest, manifest))) {
    const match = /^([a-z]+)-(.+)$/.exec(name ?? '');
    if (isEntry !== true || match === null || src?.includes('/paraglide/') !== true) continue;
    const [, area = '', locale = ''] = match;
    (map[area] ??= {})[locale] = `/${file}`;
  }
  return map;
}

/** `html` with the catalogue map as a JSON data block at the end of <head>. */
export function withCatalogueMap(html: string, map: Record<string, Record<string, string>>): string {
  if (!html.includes('</head>')) throw new Error('page has no </head>');
  // `<` escaped so no value can close the element.
  const json = JSON.stringify(map).replace(/</g, '\\u003c');
  const block = `  <script type="application/json" id="${CATALOGUE_MAP_ID}">${json}</script>\n  </head>`;
  return html.replace('</head>', block);
}

export function writePageShells(buildDir: string, pagesDir: string): string[] {
  const kitPolicy = META_CSP.exec(readFileSync(join(buildDir, '200.html'), 'utf8'))?.[1];
  if (kitPolicy === undefined) throw new Error(`${buildDir}/200.html has no CSP <meta> tag to start from`);
  return Object.entries(SHELLS).map(([page, target]) => {
    const built = join(pagesDir, page);
    if (!existsSync(join(built, '_app'))) {
      throw new Error(`${built} has no _app/: run vite build -c vite.pages.config.ts --mode ${page}`);
    }
    cpSync(join(built, '_app'), join(buildDir, '_app'), { recursive: true });
    const out = join(buildDir, target);
    mkdirSync(dirname(out), { recursive: true });
    const manifest: unknown = JSON.parse(readFileSync(join(built, '.vite/manifest.json'), 'utf8'));
    const html = withModulePreloads(
      withCatalogueMap(readFileSync(join(built, `${page}.html`), 'utf8'), catalogueMap(manifest)),
      staticImports(manifest, `${page}.html`),
    );
    writeFileSync(out, pageShell(html, kitPolicy));
    return out;
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const web = fileURLToPath(new URL('..', import.meta.url));
  const buildDir = resolve(process.argv[2] ?? join(web, 'build'));
  const pagesDir = resolve(process.argv[3] ?? join(web, '.svelte-kit/output/pages'));
  console.warn(`page-shells: wrote ${writePageShells(buildDir, pagesDir).join(', ')}`);
}
