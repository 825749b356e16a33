import { describe, expect, test } from 'vitest';
import { ENFORCED_DIRECTIVES, extractMetaCsp, FORBIDDEN_SOURCES, hardenCsp } from './csp.ts';

const KIT_META =
  "<meta http-equiv=\"content-security-policy\" content=\"script-src 'self' 'sha256-abc='; style-src 'self'\">";

describe('extractMetaCsp', () => {
  test('reads SvelteKit’s meta tag among others', () => {
    const html = `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">${KIT_META}</head>`;
    expect(extractMetaCsp(html)).toBe("script-src 'self' 'sha256-abc='; style-src 'self'");
  });

  test('tolerates attribute order, quoting and case, and decodes entities', () => {
    const html = `<META content='default-src &#39;self&#39;; img-src data:' HTTP-EQUIV=Content-Security-Policy>`;
    expect(extractMetaCsp(html)).toBe("default-src 'self'; img-src data:");
  });

  test('undefined without a CSP meta tag', () => {
    expect(extractMetaCsp('<meta http-equiv="refresh" content="0">')).toBeUndefined();
  });
});

describe('hardenCsp', () => {
  test('keeps the page’s hashes and adds the directives a meta tag cannot carry', () => {
    const { header, removed } = hardenCsp("script-src 'self' 'sha256-abc='; style-src 'self'");
    expect(header).toBe(
      "script-src 'self' 'sha256-abc='; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'",
    );
    expect(removed).toEqual([]);
  });

  test('enforced directives override weaker ones from the build', () => {
    const { header } = hardenCsp("default-src 'self'; frame-ancestors *; object-src 'self'; base-uri 'self'");
    for (const [name, value] of Object.entries(ENFORCED_DIRECTIVES)) expect(header).toContain(`${name} ${value}`);
    expect(header).not.toContain('frame-ancestors *');
    expect(header).not.toContain("object-src 'self'");
  });

  test('never allows unsafe-inline, unsafe-eval or wasm-unsafe-eval, whatever the build says', () => {
    const { header, removed } = hardenCsp(
      "default-src 'self' 'unsafe-inline'; script-src 'self' 'UNSAFE-EVAL' 'wasm-unsafe-eval'; style-src 'unsafe-inline'",
    );
    for (const source of FORBIDDEN_SOURCES) expect(header.toLowerCase()).not.toContain(source);
    expect(header).toContain("style-src 'none'");
    expect(header).toContain("script-src 'self'");
    expect(removed).toHaveLength(4);
  });

  test('valueless directives stay valueless', () => {
    expect(hardenCsp("default-src 'self'; upgrade-insecure-requests").header).toContain('upgrade-insecure-requests;');
  });

  test('a page without a policy gets a strict default', () => {
    expect(hardenCsp(undefined).header).toMatch(/^default-src 'self'; frame-ancestors 'none'/);
  });
});
