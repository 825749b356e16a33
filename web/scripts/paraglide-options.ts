/**
 * How Paraglide compiles the message catalogues, shared by the Vite plugin (dev and build) and
 * scripts/compile-messages.ts (svelte-check and unit tests run before any Vite build).
 *
 * Two areas, each its own inlang project (web/messages/<area>.inlang/settings.json) with one catalogue
 * per language (web/messages/<area>/<locale>.json), compiled to src/lib/i18n/paraglide/<area>/:
 * - `recipient`: the site shell, generic UI, formatting and the reveal page (keys ui_, fmt_, reveal_, dl_);
 * - `sender`: the create page and the dashboard (keys create_, dash_).
 * The reveal page — the one a recipient opens, with the tightest byte budget — loads only `recipient`.
 *
 * `locale-modules`: one module per language, so the app imports English statically (the source and
 * every other catalogue's fallback) and only the active language's module on demand
 * (src/lib/i18n/area.ts): a page never downloads 40 languages. Paraglide's own locale strategies
 * (cookie, URL, reload on switch) are not used: the app keeps the active language in reactive state, so
 * switching keeps the page's state (a revealed secret stays revealed).
 */
import { fileURLToPath } from 'node:url';

export const AREAS = ['recipient', 'sender'] as const;

export function paraglideOptions(area: (typeof AREAS)[number]) {
  return {
    project: fileURLToPath(new URL(`../messages/${area}.inlang`, import.meta.url)),
    outdir: fileURLToPath(new URL(`../src/lib/i18n/paraglide/${area}`, import.meta.url)),
    outputStructure: 'locale-modules' as const,
    strategy: ['globalVariable' as const, 'baseLocale' as const],
    emitTsDeclarations: true,
    emitGitIgnore: true,
  };
}
