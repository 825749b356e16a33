import { describe, expect, it } from 'vitest';
import type { PublicBrand } from '@zkpush/shared/schemas';
import { brandChrome } from './brand-chrome.ts';
import type { LoadedBrand } from './brand-assets.ts';
import { brandHtml } from './brand-html.ts';

const UNBRANDED: PublicBrand = {
  name: 'zkpush',
  tagline: null,
  disclaimer: null,
  logo: null,
  links: { imprint: null, privacy: null, support: null },
};
const ON = { dashboard: true };
const SHELL = '<!doctype html><html><head><meta charset="utf-8" /></head><body>\n<div id="app"></div>\n</body></html>';

const loaded = (brand: PublicBrand, chrome = brandChrome(brand, ON)): LoadedBrand => ({
  public: brand,
  assets: new Map(),
  icons: undefined,
  stylesheets: [],
  chrome,
});

describe('brand chrome', () => {
  it('adds nothing to an unbranded instance', () => {
    expect(brandChrome(UNBRANDED, ON)).toEqual({ header: undefined, footer: undefined, css: undefined });
  });

  it('escapes operator text everywhere and picks the logo per colour scheme', () => {
    const chrome = brandChrome(
      {
        name: 'Acme <b>"Secrets"</b> & Co',
        tagline: "It's <script>alert(1)</script>",
        disclaimer: '<!-- staff only -->',
        logo: { light: '/brand/a.svg', dark: '/brand/b.svg' },
        links: { imprint: 'https://acme.example/?a=1&b="2"', privacy: null, support: 'mailto:it@acme.example' },
      },
      ON,
    );
    expect(chrome.header).toBe(
      '<div id="zkpush-brand-header" class="brand-bar"><a class="brand-mark" href="/"><picture>' +
        '<source srcset="/brand/b.svg" media="(prefers-color-scheme: dark)" />' +
        '<img class="brand-logo" src="/brand/a.svg" alt="" /></picture>' +
        '<span dir="auto">Acme &#60;b&#62;&#34;Secrets&#34;&#60;/b&#62; &#38; Co</span></a>' +
        '<p class="brand-tagline" dir="auto">It&#39;s &#60;script&#62;alert(1)&#60;/script&#62;</p></div>',
    );
    expect(chrome.footer).toBe(
      '<div id="zkpush-brand-footer" class="brand-footer"><p class="brand-disclaimer" dir="auto">&#60;!-- staff only --&#62;</p>' +
        '<p class="brand-links"><a href="https://acme.example/?a=1&#38;b=&#34;2&#34;" data-label="imprint">Imprint</a>' +
        '<a href="mailto:it@acme.example" data-label="support">Support</a></p></div>',
    );
    expect(chrome.css).toContain('.site-header > .brand {');
    expect(chrome.css).toContain('.site-header > .tagline {');
    expect(chrome.css).not.toContain('/dashboard');
  });

  it('one logo for both schemes is a plain <img>; the shell keeps its tagline when there is none', () => {
    const chrome = brandChrome(
      { ...UNBRANDED, name: 'Acme', logo: { light: '/brand/a.png', dark: '/brand/a.png' } },
      ON,
    );
    expect(chrome.header).toContain(
      '<a class="brand-mark" href="/"><img class="brand-logo" src="/brand/a.png" alt="" />',
    );
    expect(chrome.header).not.toContain('<picture>');
    expect(chrome.footer).toBeUndefined();
    expect(chrome.css).not.toContain('.tagline {');
  });

  it('without the dashboard, hides its link and nothing else', () => {
    const chrome = brandChrome(UNBRANDED, { dashboard: false });
    expect(chrome.header).toBeUndefined();
    expect(chrome.footer).toBeUndefined();
    expect(chrome.css).toContain('.site-nav a[href="/dashboard"] {\n  display: none;');
    expect(chrome.css).not.toContain('.brand-bar');
  });

  it('goes at the start and end of <body>, with no replacement pattern expanded', () => {
    const brand = { ...UNBRANDED, name: "A$&B$'C", disclaimer: '$` and $$' };
    const page = brandHtml(loaded(brand))(SHELL);
    expect(page).toContain('<title>A$&#38;B$&#39;C</title></head>');
    expect(page).toMatch(/<body>\n {4}<div id="zkpush-brand-header"[^\n]*<span dir="auto">A\$&#38;B\$&#39;C<\/span>/);
    expect(page).toContain('<p class="brand-disclaimer" dir="auto">$` and $$</p></div>\n  </body>');
    expect(brandHtml(loaded(UNBRANDED))(SHELL)).toBe(SHELL.replace('</head>', '<title>zkpush</title></head>'));
  });
});
