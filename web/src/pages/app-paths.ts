/**
 * `$app/paths` for the create and reveal pages, which are not SvelteKit routes (web/vite.pages.config.ts
 * aliases it here): shared components (lib/ui) resolve their links with it. The app is served at the root
 * (no `paths.base`), so a path resolves to itself, as SvelteKit's `resolve` does with an empty base.
 */
export function resolve(path: string): string {
  return path;
}
