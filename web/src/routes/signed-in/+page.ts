// Written to build/signed-in.html at build time; the page reads everything in the browser.
export const prerender = true;
