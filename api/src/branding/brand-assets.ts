/**
 * The brand as the server serves it, loaded once at start-up from the checked settings
 * (brand-config.ts): logo, favicon and stylesheet files read into memory under content-addressed
 * paths `/brand/<sha256 prefix><ext>` (so browsers may cache them for a year), the accent palette as
 * a generated stylesheet, the public view `/api/v1/config` sends, and what the served HTML gets in its
 * head (brand-html.ts). Nothing is fetched from anywhere else: no remote URLs (issue 13 §2).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { PublicBrand } from '@zkpush/shared/schemas';
import type { AccentPalette } from './accent-palette.ts';
import { brandChrome, type BrandChrome } from './brand-chrome.ts';
import type { BrandConfig, BrandFile, InstanceSwitches, Themed } from './brand-config.ts';

export type BrandAsset = Readonly<{ body: Uint8Array<ArrayBuffer>; contentType: string }>;

export type LoadedBrand = Readonly<{
  public: PublicBrand;
  /** By URL path, e.g. `/brand/3f2a…c1.svg`. */
  assets: ReadonlyMap<string, BrandAsset>;
  /** Favicon `<link>` tags replacing the app's own; undefined keeps it. */
  icons: string | undefined;
  /** Stylesheet URLs for the page head, in order: accent palette, brand chrome, the operator's CSS. */
  stylesheets: readonly string[];
  /** The name, logo, tagline, disclaimer and footer links as page markup (brand-chrome.ts). */
  chrome: Pick<BrandChrome, 'header' | 'footer'>;
}>;

export const BRAND_PATH_PREFIX = '/brand/';
const CSS_TYPE = 'text/css; charset=utf-8';

export function loadBrand(
  brand: BrandConfig,
  instance: Pick<InstanceSwitches, 'dashboard'> = { dashboard: true },
): LoadedBrand {
  const assets = new Map<string, BrandAsset>();
  const add = (body: Uint8Array<ArrayBuffer>, extension: string, contentType: string): string => {
    const path = `${BRAND_PATH_PREFIX}${createHash('sha256').update(body).digest('hex').slice(0, 20)}${extension}`;
    assets.set(path, Object.freeze({ body, contentType }));
    return path;
  };
  const addFile = (file: BrandFile): string =>
    add(new Uint8Array(readFileSync(file.path)), extname(file.path).toLowerCase(), file.contentType);
  const addThemed = (files: Themed<BrandFile>) => ({ light: addFile(files.light), dark: addFile(files.dark) });

  const logo = brand.logo === undefined ? null : addThemed(brand.logo);
  const favicon = brand.favicon === undefined ? undefined : { files: brand.favicon, urls: addThemed(brand.favicon) };
  const stylesheets: string[] = [];
  if (brand.accent !== undefined) {
    stylesheets.push(add(new TextEncoder().encode(accentStylesheet(brand.accent)), '.css', CSS_TYPE));
  }
  const publicBrand = {
    name: brand.name,
    tagline: brand.tagline ?? null,
    disclaimer: brand.disclaimer ?? null,
    logo,
    links: {
      imprint: brand.links.imprint ?? null,
      privacy: brand.links.privacy ?? null,
      support: brand.links.support ?? null,
    },
  };
  const chrome = brandChrome(publicBrand, instance);
  if (chrome.css !== undefined) stylesheets.push(add(new TextEncoder().encode(chrome.css), '.css', CSS_TYPE));
  // Last, so the operator's rules win over zkpush's at equal specificity.
  if (brand.css !== undefined) stylesheets.push(addFile(brand.css));

  return Object.freeze({
    public: publicBrand,
    chrome: { header: chrome.header, footer: chrome.footer },
    assets,
    icons:
      favicon === undefined
        ? undefined
        : iconLinks(favicon.urls, favicon.files.light.contentType, favicon.files.dark.contentType),
    stylesheets: Object.freeze(stylesheets),
  });
}

function iconLinks(urls: Themed<string>, lightType: string, darkType: string): string {
  if (urls.light === urls.dark) return `<link rel="icon" href="${urls.light}" type="${lightType}" />`;
  return (
    `<link rel="icon" href="${urls.light}" type="${lightType}" media="(prefers-color-scheme: light)" />` +
    `<link rel="icon" href="${urls.dark}" type="${darkType}" media="(prefers-color-scheme: dark)" />`
  );
}

/**
 * The theme's accent properties (web/src/lib/styles/theme.css) for each scheme. `:root:root` outranks
 * the theme's `:root`, whichever stylesheet the page happens to load last.
 */
export function accentStylesheet(accent: Themed<AccentPalette>): string {
  const block = (p: AccentPalette): string =>
    [
      `--color-accent: ${p.accent};`,
      `--color-accent-hover: ${p.hover};`,
      `--color-accent-text: ${p.text};`,
      `--color-accent-soft: ${p.soft};`,
      `--color-accent-soft-text: ${p.softText};`,
    ]
      .map((line) => `  ${line}`)
      .join('\n');
  return (
    `/* zkpush brand accent (ZKPUSH_BRAND_ACCENT, ZKPUSH_BRAND_ACCENT_DARK); generated at start-up */\n` +
    `:root:root {\n${block(accent.light)}\n}\n` +
    `@media (prefers-color-scheme: dark) {\n  :root:root {\n${block(accent.dark).replace(/^/gm, '  ')}\n  }\n}\n`
  );
}
