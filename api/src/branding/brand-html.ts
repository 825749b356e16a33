/**
 * What the brand changes in every HTML page the server sends (applied once at start-up by
 * http/spa/spa.ts): a `<title>` with the product name, so the tab is named before any script runs and
 * with JavaScript off (the app replaces it per page); the operator's favicon instead of zkpush's; the
 * brand stylesheets, same-origin so the page CSP's `style-src 'self'` allows them unchanged; and the
 * brand's header and footer blocks (brand-chrome.ts) at the start and end of <body>.
 */
import type { LoadedBrand } from './brand-assets.ts';
import { escapeHtml } from './brand-chrome.ts';

/** app.html's favicon tag, which a brand favicon replaces. */
const APP_ICON = /<link rel="icon"[^>]*>/;

export function brandHtml(brand: LoadedBrand): (html: string) => string {
  const head =
    `<title>${escapeHtml(brand.public.name)}</title>` +
    brand.stylesheets.map((href) => `<link rel="stylesheet" href="${href}" />`).join('');
  return (html) => {
    let page = html;
    if (brand.icons !== undefined) page = page.replace(APP_ICON, brand.icons);
    // Functions as replacements: no `$&`-style pattern in operator text is ever expanded.
    const ownHead = /<title>/i.test(page) ? head.replace(/<title>.*?<\/title>/, '') : head;
    page = page.replace('</head>', () => `${ownHead}</head>`);
    const { header, footer } = brand.chrome;
    if (header !== undefined) page = page.replace(/<body[^>]*>/, (body) => `${body}\n    ${header}`);
    if (footer !== undefined) page = page.replace('</body>', () => `  ${footer}\n  </body>`);
    return page;
  };
}
