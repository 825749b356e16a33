// A client-only SPA: the server never renders pages, it serves the built shells (index.html for
// `/`, 200.html for everything else) and the browser does the rest — including all crypto.
export const ssr = false;
