import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { createMemoryLogger } from '../../logger.ts';
import { loadSpa, WORKER_CSP } from './spa.ts';
import { createFsAssetSource } from './static-assets.ts';

const csp = (hash: string) =>
  `<meta http-equiv="content-security-policy" content="script-src 'self' 'sha256-${hash}='; style-src 'self' 'unsafe-inline'">`;
const FILES: Record<string, string> = {
  'index.html': `<!doctype html><head>${csp('index')}</head><body>home</body>`,
  '200.html': `<!doctype html><head>${csp('fallback')}</head><body>shell</body>`,
  'dashboard.html': `<!doctype html><head>${csp('dashboard')}</head><body>dashboard</body>`,
  's/200.html': `<!doctype html><head>${csp('reveal')}</head><body>reveal page</body>`,
  '_app/immutable/entry/start.abc123.js': 'export const x = 1;',
  '_app/immutable/workers/seal-worker.abc123.js': 'self.onmessage = () => {};',
  'service-worker.js': 'self.addEventListener("fetch", () => {});',
  '_app/version.json': '{"version":"1"}',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
  '.hidden': 'dotfile',
};

let root: string;
let outside: string;
let t: TestApp;
const logger = createMemoryLogger('warn');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zkpush-spa-'));
  outside = mkdtempSync(join(tmpdir(), 'zkpush-outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'outside the web root');
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  symlinkSync(join(outside, 'secret.txt'), join(root, 'escape.txt'));
  t = await createTestApp({ spa: await loadSpa(createFsAssetSource(root), logger) });
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const get = (path: string) => t.app.request(path);

describe('pages', () => {
  test.each([
    ['/', 'home', 'index'],
    ['/dashboard', 'dashboard', 'dashboard'],
    // A route gets the nearest 200.html up its folders: the reveal page's own shell under /s/.
    ['/s/AAAAAAAAAAAAAAAAAAAAAA', 'reveal page', 'reveal'],
    // A client route without a prerendered page gets the SvelteKit fallback shell.
    ['/tokens/', 'shell', 'fallback'],
    // A malformed or cut-off id is still the reveal page: it tells the recipient what is wrong.
    ['/s/AAAA', 'reveal page', 'reveal'],
    // A link carrying the recipient's language (docs/wire-format.md §3) gets the reveal page too.
    ['/ar/s/AAAAAAAAAAAAAAAAAAAAAA', 'reveal page', 'reveal'],
    ['/pt-BR/s/AAAAAAAAAAAAAAAAAAAAAA', 'reveal page', 'reveal'],
  ])('%s serves the right HTML with its CSP as a header', async (path, body, hash) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(body);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toContain(`'sha256-${hash}='`);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("base-uri 'none'");
    expect(policy).toContain("form-action 'self'");
    expect(policy).toContain("object-src 'none'");
    for (const unsafe of ['unsafe-inline', 'unsafe-eval', 'wasm-unsafe-eval']) expect(policy).not.toContain(unsafe);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  test('the fallback page for client routes is marked noindex', async () => {
    expect((await get('/s/AAAAAAAAAAAAAAAAAAAAAA')).headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect((await get('/no-such-page')).headers.get('x-robots-tag')).toBe('noindex, nofollow');
  });

  // Issue 13 §4.4: an address that is none of the app's pages gets the SvelteKit shell (which renders
  // the styled "Page not found") with status 404, also for the build's shells asked for by file name.
  test.each([
    '/no-such-page',
    '/some/client/route',
    '/dashboard2',
    '/s/',
    '/s/AAAAAAAAAAAAAAAAAAAAAA/more',
    // Not a language tag: not a reveal link.
    '/Not_A_Tag/s/AAAAAAAAAAAAAAAAAAAAAA',
    '/200',
    '/index',
  ])('%s answers 404 with the fallback shell', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('shell');
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("'sha256-fallback='");
  });

  test('the unsafe source in the build was reported at start-up', () => {
    expect(logger.lines.join('')).toContain("style-src 'unsafe-inline'");
  });
});

describe('assets', () => {
  test('immutable assets are cached for a year', async () => {
    const res = await get('/_app/immutable/entry/start.abc123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await res.text()).toBe('export const x = 1;');
  });

  test.each([
    '/_app/immutable/entry/start.abc123.js',
    '/_app/immutable/workers/seal-worker.abc123.js',
    '/service-worker.js',
  ])('%s carries the strict policy it runs under as a worker (no eval, no WebAssembly)', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(200);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toBe(WORKER_CSP);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self'");
    for (const unsafe of ['unsafe-inline', 'unsafe-eval', 'wasm-unsafe-eval']) expect(policy).not.toContain(unsafe);
  });

  test('other assets must revalidate', async () => {
    const res = await get('/favicon.svg');
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/_app/version.json')).headers.get('content-type')).toBe('application/json');
  });

  test.each(['/missing.js', '/_app/immutable/nope.js', '/_app/nothing'])('404 for missing file %s', async (path) => {
    expect((await get(path)).status).toBe(404);
  });
});

describe('path traversal', () => {
  test.each([
    '/../secret.txt',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/_app/..%2f..%2fetc%2fpasswd',
    '/..%5c..%5cetc%5cpasswd',
    '/%00index.html',
    '/.hidden',
    '/escape.txt',
    '/%E0%A4%A',
  ])('%s never leaves the web root', async (path) => {
    const res = await get(path);
    const text = await res.text();
    // The URL parser already folds `/%2e%2e/` into `/`, which then is just a client route (the shell).
    if (res.status === 200) expect(text).toContain('shell');
    else expect(res.status).toBe(404);
    expect(text).not.toContain('outside the web root');
    expect(text).not.toContain('dotfile');
    expect(text).not.toContain('root:');
  });
});

test('a missing web directory means 503 with build instructions', async () => {
  const app = await createTestApp({ spa: await loadSpa(createFsAssetSource(join(root, 'does-not-exist')), logger) });
  const res = await app.app.request('/');
  expect(res.status).toBe(503);
  expect(await res.text()).toMatch(/pnpm build/);
  expect((await app.app.request('/api/v1/config')).status).toBe(200);
  await app.close();
});
