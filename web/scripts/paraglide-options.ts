/**
 * How Paraglide compiles web/messages/*.json (the catalogues; project settings in
 * web/project.inlang/settings.json), shared by the Vite plugin (dev and build) and
 * scripts/compile-messages.ts (svelte-check and unit tests run before any Vite build).
 *
 * `locale-modules`: one module per language (src/lib/i18n/paraglide/messages/<locale>.js). The app
 * imports English statically (the source catalogue and every other one's fallback) and only the active
 * language's module on demand (src/lib/i18n/catalogue.ts), so a page never downloads 40 languages.
 * Paraglide's own locale strategies (cookie, URL, reload on switch) are not used: the app keeps the
 * active language in reactive state so switching keeps the page's state (a revealed secret stays).
 */
import { fileURLToPath } from 'node:url';

export const paraglideOptions = {
  project: fileURLToPath(new URL('../project.inlang', import.meta.url)),
  outdir: fileURLToPath(new URL('../src/lib/i18n/paraglide', import.meta.url)),
  outputStructure: 'locale-modules',
  strategy: ['globalVariable', 'baseLocale'],
  emitTsDeclarations: true,
  emitGitIgnore: true,
} as const;
