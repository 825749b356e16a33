/**
 * What the reveal page loads, by dynamic import(), only for a push whose metadata says a particular
 * signed-in person must open it (issue 12 §5; docs/performance.md "Light pages").
 */
export { default as RecipientGate } from './RecipientGate.svelte';
export { sessionFetch } from './recipient-session.ts';
