/**
 * One shared, ticking clock for sentences that count down ("expires in 4 minutes"): reading `now()`
 * inside a `$derived` or template re-runs it every second, so a countdown never freezes on the
 * screen (issue 13 §4.6). The interval starts on the first read (only the pages' components read it).
 */
let current = $state(Date.now());
let started = false;

export function now(): Date {
  if (!started) {
    started = true;
    setInterval(() => (current = Date.now()), 1000);
  }
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh value per read, never mutated: the reactivity is `current`'s.
  return new Date(current);
}
