import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EARLY_META_GLOBAL } from '../src/lib/reveal/early-meta.ts';
import { CATALOGUE_MAP_ID } from '../src/pages/shell-catalogues.ts';
import {
  catalogueMap,
  inlineScriptHashes,
  pageShell,
  shellCsp,
  staticImports,
  withCatalogueMap,
  withModulePreloads,
} from './page-shells.ts';

const KIT_POLICY =
  "default-src 'self'; connect-src 'self'; script-src 'self' 'sha256-kit='; style-src 'self'; base-uri 'none'";
const revealHtml = readFileSync(new URL('../src/pages/reveal.html', import.meta.url), 'utf8');
const inlineScript = /<script>([\s\S]*?)<\/script>/.exec(revealHtml)?.[1] ?? '';

/** Runs the reveal shell's inline script with this location; returns what it fetched and left behind. */
function runEarlyScript(pathname: string, hash: string) {
  const fetched: { url: string; init: unknown }[] = [];
  const window: Record<string, unknown> = {};
  runInNewContext(inlineScript, {
    window,
    location: { pathname, hash, href: `https://zkpush.example${pathname}${hash}` },
    fetch: (url: string, init: unknown) => {
      fetched.push({ url, init });
      return Promise.resolve('response');
    },
  });
  return { fetched, early: window[EARLY_META_GLOBAL] };
}

describe('the reveal shell inline script', () => {
  it('starts the metadata request for the id in the path, never sending the fragment', () => {
    const { fetched, early } = runEarlyScript('/s/AAAAAAAAAAAAAAAAAAAAAA', '#k=SECRETKEYMATERIAL');
    expect(fetched).toEqual([
      {
        url: '/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA',
        init: { method: 'GET', referrerPolicy: 'no-referrer', cache: 'no-store', credentials: 'omit' },
      },
    ]);
    expect(JSON.stringify(fetched)).not.toContain('SECRETKEYMATERIAL');
    expect(early).toMatchObject({ url: '/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA' });
  });

  it('reads the id from a link that carries the recipient language (/<lang>/s/<id>)', () => {
    for (const lang of ['ar', 'ja', 'pt-BR', 'zh-Hant']) {
      const { fetched, early } = runEarlyScript(`/${lang}/s/AAAAAAAAAAAAAAAAAAAAAA`, '#k=SECRETKEYMATERIAL');
      expect(
        fetched.map((f) => f.url),
        lang,
      ).toEqual(['/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA']);
      expect(early, lang).toMatchObject({ url: '/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA' });
    }
  });

  it('does nothing on a path that is not a push id', () => {
    for (const path of [
      '/s/',
      '/s/short',
      '/s/AAAAAAAAAAAAAAAAAAAAAA/x',
      '/dashboard',
      '/s/AAAAAAAAAAAAAAAAAAAA%2F',
      '/AR/s/AAAAAAAAAAAAAAAAAAAAAA',
      '/x/y/s/AAAAAAAAAAAAAAAAAAAAAA',
      '/../s/AAAAAAAAAAAAAAAAAAAAAA',
    ]) {
      const { fetched, early } = runEarlyScript(path, '#k=x');
      expect(fetched, path).toEqual([]);
      expect(early, path).toBeUndefined();
    }
  });
});

describe('pageShell', () => {
  it('allows exactly the shell own inline scripts by hash, keeping the other directives', () => {
    const shell = pageShell(revealHtml, KIT_POLICY);
    const hash = createHash('sha256').update(inlineScript, 'utf8').digest('base64');
    const csp = /<meta http-equiv="content-security-policy" content="([^"]*)" \/>/.exec(shell)?.[1];
    expect(csp).toBe(
      `default-src 'self'; connect-src 'self'; style-src 'self'; base-uri 'none'; script-src 'self' 'sha256-${hash}'`,
    );
    // The policy comes before any script, and SvelteKit's own hash is not carried over.
    expect(shell.indexOf('content-security-policy')).toBeLessThan(shell.indexOf('<script'));
    expect(shell).not.toContain('sha256-kit=');
  });

  it('a page without inline scripts allows only same-origin scripts', () => {
    expect(inlineScriptHashes('<script type="module" src="/a.js"></script>')).toEqual([]);
    expect(shellCsp(KIT_POLICY, [])).toContain("script-src 'self'");
    expect(shellCsp(KIT_POLICY, [])).not.toContain('sha256');
  });
});

describe('the catalogue map in the shell', () => {
  const manifest = {
    'reveal.html': { file: '_app/immutable/pages/reveal-AbC.js', name: 'reveal', src: 'reveal.html', isEntry: true },
    '../lib/i18n/paraglide/recipient/messages/en.js': {
      file: '_app/immutable/pages/recipient-en-X1.js',
      name: 'recipient-en',
      src: '../lib/i18n/paraglide/recipient/messages/en.js',
      isEntry: true,
    },
    '../lib/i18n/paraglide/recipient/messages/pt-BR.js': {
      file: '_app/immutable/pages/recipient-pt-BR-X2.js',
      name: 'recipient-pt-BR',
      src: '../lib/i18n/paraglide/recipient/messages/pt-BR.js',
      isEntry: true,
    },
    '_registry-R.js': { file: '_app/immutable/pages/registry-R.js', name: 'registry' },
    'lazy-files.ts': { file: '_app/immutable/pages/lazy-files-L.js', name: 'lazy-files', src: 'lazy-files.ts' },
  };

  it('maps each catalogue entry chunk of the manifest to its URL, by area and language', () => {
    expect(catalogueMap(manifest)).toEqual({
      recipient: {
        en: '/_app/immutable/pages/recipient-en-X1.js',
        'pt-BR': '/_app/immutable/pages/recipient-pt-BR-X2.js',
      },
    });
    expect(() => catalogueMap({ x: { name: 'no file' } })).toThrow();
  });

  it('is a JSON data block, not hashed into the CSP, whose text cannot close the element', () => {
    const html = withCatalogueMap(revealHtml, { recipient: { en: '/a</script><script>alert(1)//.js' } });
    const shell = pageShell(html, KIT_POLICY);
    const block = new RegExp(`<script type="application/json" id="${CATALOGUE_MAP_ID}">([^<]*)</script>`).exec(shell);
    expect(JSON.parse(block?.[1] ?? '')).toEqual({ recipient: { en: '/a</script><script>alert(1)//.js' } });
    // Only the early metadata script is an inline script the policy allows.
    expect(inlineScriptHashes(shell)).toHaveLength(1);
    expect(shell.indexOf(CATALOGUE_MAP_ID)).toBeLessThan(shell.indexOf('</head>'));
  });
});

describe('the static chunks in the shell (rolldown#10731)', () => {
  const manifest = {
    'reveal.html': { file: '_app/immutable/pages/reveal-a.js', isEntry: true, imports: ['_shared-b.js'] },
    '_shared-b.js': { file: '_app/immutable/pages/shared-b.js', imports: ['_deep-c.js', 'reveal.html'] },
    '_deep-c.js': { file: '_app/immutable/pages/deep-c.js' },
    'lazy.ts': { file: '_app/immutable/pages/lazy-d.js', isDynamicEntry: true },
  };

  it('lists every chunk the entry imports statically, directly or not, once', () => {
    expect(staticImports(manifest, 'reveal.html')).toEqual([
      '/_app/immutable/pages/shared-b.js',
      '/_app/immutable/pages/deep-c.js',
    ]);
  });

  it('names them as modulepreloads after the module script', () => {
    const html = '<head>\n    <script type="module" crossorigin src="/_app/x.js"></script>\n</head>';
    const out = withModulePreloads(html, ['/_app/y.js']);
    expect(out).toContain(
      '<script type="module" crossorigin src="/_app/x.js"></script>\n    <link rel="modulepreload" crossorigin href="/_app/y.js">',
    );
    expect(withModulePreloads(html, [])).toBe(html);
  });
});
