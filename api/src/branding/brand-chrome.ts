/**
 * The brand drawn on every page (issue 13 §2): the operator's name, logo (light and dark, a <picture>
 * that follows prefers-color-scheme), tagline, disclaimer and footer links, as escaped static markup
 * the server writes into each HTML page once at start-up (brand-html.ts), with the stylesheet that
 * places it (served under /brand/ like the accent stylesheet, so the CSP's `style-src 'self'` holds).
 * Rendered here rather than by the web app, the brand costs the pages' JavaScript budget nothing
 * (docs/performance.md "Light pages"; the reveal page has no room) and shows with JavaScript off. The
 * site shell (web/src/lib/ui/SiteShell.svelte) moves the two blocks into its header and footer and
 * gives the footer links their labels in the page's language (catalogue keys ui_site_imprint, …);
 * the markup carries the English ones for pages without JavaScript. An unbranded instance gets
 * nothing: its pages are byte for byte zkpush's own. The operator's texts are in one language whatever
 * the page's, so each gets `dir="auto"`: English in an Arabic page still reads left to right.
 */
import type { PublicBrand } from '@zkpush/shared/schemas';

/** The ids SiteShell.svelte looks for (kept in step by hand: the web app does not import the server). */
export const HEADER_ID = 'zkpush-brand-header';
export const FOOTER_ID = 'zkpush-brand-footer';
export const DEFAULT_NAME = 'zkpush';

/** The footer links in their order, with the label a page without JavaScript shows. */
const LINKS = [
  ['imprint', 'Imprint'],
  ['privacy', 'Privacy'],
  ['support', 'Support'],
] as const;

export type BrandChrome = Readonly<{
  /** After `<body>`: the name and logo, and the tagline when there is one. */
  header: string | undefined;
  /** Before `</body>`: the disclaimer and the footer links. */
  footer: string | undefined;
  /** The stylesheet for both, and for hiding what they replace; undefined when there is nothing. */
  css: string | undefined;
}>;

/** Text and attribute values: operator text is never markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function brandChrome(brand: PublicBrand, instance: Readonly<{ dashboard: boolean }>): BrandChrome {
  const hasHeader = brand.name !== DEFAULT_NAME || brand.logo !== null || brand.tagline !== null;
  const header = hasHeader ? headerMarkup(brand) : undefined;
  const footer = footerMarkup(brand);
  const rules: string[] = [];
  if (header !== undefined || footer !== undefined) rules.push(BASE_CSS);
  // What the operator's blocks replace in the shell's own header.
  if (header !== undefined) rules.push(':root:root .site-header > .brand {\n  display: none;\n}\n');
  if (brand.tagline !== null) rules.push(':root:root .site-header > .tagline {\n  display: none;\n}\n');
  // ZKPUSH_DASHBOARD_ENABLED=false: the shell's navigation does not offer the page (app.ts 404s it).
  if (!instance.dashboard) rules.push(':root:root .site-nav a[href="/dashboard"] {\n  display: none;\n}\n');
  const css =
    rules.length === 0
      ? undefined
      : `/* zkpush brand chrome (api/src/branding/brand-chrome.ts); generated at start-up */\n${rules.join('')}`;
  return Object.freeze({ header, footer, css });
}

function headerMarkup(brand: PublicBrand): string {
  let logo = '';
  if (brand.logo !== null) {
    const img = `<img class="brand-logo" src="${escapeHtml(brand.logo.light)}" alt="" />`;
    logo =
      brand.logo.dark === brand.logo.light
        ? img
        : `<picture><source srcset="${escapeHtml(brand.logo.dark)}" media="(prefers-color-scheme: dark)" />${img}</picture>`;
  }
  const tagline = brand.tagline === null ? '' : `<p class="brand-tagline" dir="auto">${escapeHtml(brand.tagline)}</p>`;
  return (
    `<div id="${HEADER_ID}" class="brand-bar">` +
    `<a class="brand-mark" href="/">${logo}<span dir="auto">${escapeHtml(brand.name)}</span></a>${tagline}</div>`
  );
}

function footerMarkup(brand: PublicBrand): string | undefined {
  const links = LINKS.flatMap(([key, label]) => {
    const href = brand.links[key];
    return href === null ? [] : [`<a href="${escapeHtml(href)}" data-label="${key}">${label}</a>`];
  });
  if (brand.disclaimer === null && links.length === 0) return undefined;
  const disclaimer =
    brand.disclaimer === null ? '' : `<p class="brand-disclaimer" dir="auto">${escapeHtml(brand.disclaimer)}</p>`;
  const list = links.length === 0 ? '' : `<p class="brand-links">${links.join('')}</p>`;
  return `<div id="${FOOTER_ID}" class="brand-footer">${disclaimer}${list}</div>`;
}

/**
 * The blocks' looks, in the shell's own terms (theme.css properties; the mark and tagline as
 * SiteShell's .brand and .tagline). Until the shell has moved them into its header and footer they
 * are hidden where scripts run, so nothing jumps; without JavaScript they stay where they are.
 */
const BASE_CSS = `@media (scripting: enabled) {
  body > .brand-bar,
  body > .brand-footer {
    display: none;
  }
}
.brand-bar {
  display: contents;
}
.brand-mark {
  display: inline-flex;
  align-items: center;
  align-self: center;
  gap: var(--space-2);
  color: var(--color-text);
  font-size: var(--font-size-l);
  font-weight: 700;
  letter-spacing: -0.01em;
  text-decoration: none;
}
.brand-logo {
  display: block;
  width: auto;
  max-width: 12rem;
  height: 28px;
}
.brand-tagline {
  flex: 1 1 16rem;
  margin: 0;
  color: var(--color-text-muted);
  font-size: var(--font-size-s);
}
.brand-disclaimer {
  color: var(--color-text);
  font-weight: 600;
}
.brand-links {
  display: flex;
  flex-wrap: wrap;
  gap: var(--space-4);
}
`;
