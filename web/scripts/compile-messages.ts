/**
 * Compiles the message catalogues (web/messages/<area>/<locale>.json) into src/lib/i18n/paraglide/ —
 * generated, git-ignored. `vite dev`/`vite build` do this through the Paraglide Vite plugin;
 * svelte-check and the unit tests run this first. Nothing is downloaded: the message-format plugin is
 * loaded from node_modules (messages/<area>.inlang/settings.json `modules`).
 */
import { compile } from '@inlang/paraglide-js';
import { AREAS, paraglideOptions } from './paraglide-options.ts';

export async function compileMessages(): Promise<void> {
  for (const area of AREAS) await compile(paraglideOptions(area));
}

if (import.meta.url === `file://${process.argv[1]}`) await compileMessages();
