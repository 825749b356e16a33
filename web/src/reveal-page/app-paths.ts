/**
 * `$app/paths` for the reveal page, which is not a SvelteKit route (web/vite.reveal.config.ts aliases
 * it here): shared components (lib/ui) resolve their links with it. The app is served at the root
 * (no `paths.base`), so a path resolves to itself, as SvelteKit's `resolve` does with an empty base.
 */
export function resolve(path: string): string {
  return path;
}
