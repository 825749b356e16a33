/**
 * What the brand changes in every HTML page the server sends (applied once at start-up by
 * http/spa/spa.ts): a `<title>` with the product name, so the tab is named before any script runs and
 * with JavaScript off (the app replaces it per page); the operator's favicon instead of zkpush's; and
 * the brand stylesheets, same-origin so the page CSP's `style-src 'self'` allows them unchanged.
 */
import type { LoadedBrand } from './brand-assets.ts';

/** app.html's favicon tag, which a brand favicon replaces. */
const APP_ICON = /<link rel="icon"[^>]*>/;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function brandHtml(brand: LoadedBrand): (html: string) => string {
  const head =
    `<title>${escapeHtml(brand.public.name)}</title>` +
    brand.stylesheets.map((href) => `<link rel="stylesheet" href="${href}" />`).join('');
  return (html) => {
    let page = html;
    if (brand.icons !== undefined) page = page.replace(APP_ICON, brand.icons);
    if (!/<title>/i.test(page)) page = page.replace('</head>', `${head}</head>`);
    else page = page.replace('</head>', `${head.replace(/<title>.*?<\/title>/, '')}</head>`);
    return page;
  };
}
