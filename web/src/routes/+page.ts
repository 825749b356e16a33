// `/` is written to build/index.html at build time; `/s/[id]` is not prerendered and is served
// from the 200.html fallback.
export const prerender = true;
