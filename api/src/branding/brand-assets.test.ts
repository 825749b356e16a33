import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.ts';
import { loadBrand } from './brand-assets.ts';
import { brandHtml } from './brand-html.ts';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>';
const APP_HTML =
  '<!doctype html><html><head><meta charset="utf-8" />' +
  '<link rel="icon" href="/favicon.svg" type="image/svg+xml" /></head><body></body></html>';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-brand-assets-'));
  writeFileSync(join(dir, 'logo.svg'), SVG);
  writeFileSync(join(dir, 'icon.svg'), SVG.replace('r="4"', 'r="5"'));
  writeFileSync(join(dir, 'site.css'), 'h1 { font-weight: 800; }');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function brandFrom(env: Record<string, string>) {
  const parsed = parseConfig(env, { cwd: dir });
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  return loadBrand(parsed.config.brand);
}

describe('loaded brand', () => {
  it('serves files under content-addressed paths and says where in the public view', () => {
    const brand = brandFrom({
      ZKPUSH_BRAND_NAME: 'Acme <Secrets> & Co',
      ZKPUSH_BRAND_LOGO: 'logo.svg',
      ZKPUSH_BRAND_FAVICON: 'icon.svg',
      ZKPUSH_BRAND_ACCENT: '#0b5d1e',
      ZKPUSH_BRAND_ACCENT_DARK: '#6ee7a0',
      ZKPUSH_BRAND_CSS: 'site.css',
    });
    expect(brand.public.logo?.light).toMatch(/^\/brand\/[0-9a-f]{20}\.svg$/);
    expect(brand.public.logo?.dark).toBe(brand.public.logo?.light);
    expect(new TextDecoder().decode(brand.assets.get(brand.public.logo!.light)!.body)).toBe(SVG);
    expect(brand.stylesheets).toHaveLength(3); // accent, brand chrome, the operator's CSS
    const accentCss = new TextDecoder().decode(brand.assets.get(brand.stylesheets[0]!)!.body);
    expect(accentCss).toContain('--color-accent: #0b5d1e;');
    expect(accentCss).toMatch(/@media \(prefers-color-scheme: dark\)[\s\S]*--color-accent: #6ee7a0;/);
    expect(brand.assets.get(brand.stylesheets[2]!)?.contentType).toBe('text/css; charset=utf-8');

    const page = brandHtml(brand)(APP_HTML);
    expect(page).toContain('<title>Acme &#60;Secrets&#62; &#38; Co</title>');
    expect(page).not.toContain('/favicon.svg');
    expect(page).toMatch(/<link rel="icon" href="\/brand\/[0-9a-f]{20}\.svg" type="image\/svg\+xml" \/>/);
    for (const href of brand.stylesheets) expect(page).toContain(`<link rel="stylesheet" href="${href}" />`);
  });

  it('without a brand, only names the page zkpush and keeps its icon', () => {
    const brand = brandFrom({});
    expect(brand.assets.size).toBe(0);
    expect(brand.public).toEqual({
      name: 'zkpush',
      tagline: null,
      disclaimer: null,
      logo: null,
      links: { imprint: null, privacy: null, support: null },
    });
    const page = brandHtml(brand)(APP_HTML);
    expect(page).toContain('<title>zkpush</title></head>');
    expect(page).toContain('<link rel="icon" href="/favicon.svg"');
  });
});
