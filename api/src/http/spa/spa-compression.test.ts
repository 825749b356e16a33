/**
 * Precompressed copies of app files (web/scripts/precompress.ts writes `.br`/`.gz` beside them) go out
 * per Accept-Encoding, with Vary and the Content-Length of the bytes sent — in-process and over real
 * HTTP, where Node writes the headers.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../config/config.ts';
import { silentLogger } from '../../logger.ts';
import { startServer, type RunningServer } from '../../server.ts';
import { createTestApp, type TestApp } from '../../testing/harness.ts';
import { loadSpa } from './spa.ts';
import { createFsAssetSource } from './static-assets.ts';

const meta = `<meta http-equiv="content-security-policy" content="script-src 'self'">`;
const repeat = (text: string) => text.repeat(40);
const FILES: Record<string, string> = {
  'index.html': `<!doctype html><head>${meta}</head><body>${repeat('home ')}</body>`,
  '200.html': `<!doctype html><head>${meta}</head><body>${repeat('shell ')}</body>`,
  '_app/immutable/entry/start.abc123.js': repeat('export const x = 1;\n'),
  '_app/immutable/assets/app.abc123.css': repeat('body { color: black; }\n'),
  // Only a gzip copy (brotli was not smaller, say), and a file with no copy at all.
  'favicon.svg': repeat('<svg xmlns="http://www.w3.org/2000/svg"/>'),
  'robots.txt': 'User-agent: *\n',
};
const BR_AND_GZ = [
  'index.html',
  '200.html',
  '_app/immutable/entry/start.abc123.js',
  '_app/immutable/assets/app.abc123.css',
];

let root: string;
let t: TestApp;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zkpush-spa-encoding-'));
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  for (const path of BR_AND_GZ) writeFileSync(join(root, `${path}.br`), brotliCompressSync(FILES[path] ?? ''));
  for (const path of [...BR_AND_GZ, 'favicon.svg'])
    writeFileSync(join(root, `${path}.gz`), gzipSync(FILES[path] ?? ''));
  t = await createTestApp({ spa: await loadSpa(createFsAssetSource(root), silentLogger) });
});
afterAll(async () => {
  await t.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (path: string, acceptEncoding?: string, method = 'GET') =>
  t.app.request(path, { method, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

function decode(coding: string | null, body: Uint8Array): string {
  const bytes = coding === 'br' ? brotliDecompressSync(body) : coding === 'gzip' ? gunzipSync(body) : body;
  return Buffer.from(bytes).toString('utf8');
}

describe('content negotiation', () => {
  test.each([
    // [Accept-Encoding, expected Content-Encoding]
    ['gzip, deflate, br, zstd', 'br'],
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    [undefined, null],
    ['identity', null],
    ['deflate, zstd', null],
    ['br;q=0, gzip;q=0', null],
    ['*;q=0', null],
  ])('Accept-Encoding %j → Content-Encoding %j', async (accept, coding) => {
    for (const path of ['/_app/immutable/entry/start.abc123.js', '/_app/immutable/assets/app.abc123.css', '/']) {
      const res = await get(path, accept);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding'), path).toBe(coding);
      expect(res.headers.get('vary'), path).toBe('Accept-Encoding');
      const body = new Uint8Array(await res.arrayBuffer());
      expect(res.headers.get('content-length'), path).toBe(String(body.byteLength));
      const original = path === '/' ? (FILES['index.html'] ?? '') : (FILES[path.slice(1)] ?? '');
      expect(decode(coding, body), path).toBe(original);
      if (coding !== null) expect(body.byteLength, path).toBeLessThan(Buffer.byteLength(original));
    }
  });

  test('the content type is the original file’s, whatever the coding', async () => {
    const js = await get('/_app/immutable/entry/start.abc123.js', 'br');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const css = await get('/_app/immutable/assets/app.abc123.css', 'gzip');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('/', 'br')).headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  test('without a brotli copy, a client that prefers brotli gets gzip; without any copy, the file', async () => {
    const svg = await get('/favicon.svg', 'br, gzip');
    expect(svg.headers.get('content-encoding')).toBe('gzip');
    expect(decode('gzip', new Uint8Array(await svg.arrayBuffer()))).toBe(FILES['favicon.svg']);
    const txt = await get('/robots.txt', 'br, gzip');
    expect(txt.headers.get('content-encoding')).toBeNull();
    expect(txt.headers.get('vary')).toBe('Accept-Encoding');
    expect(await txt.text()).toBe(FILES['robots.txt']);
  });

  test('client routes get the fallback shell compressed, still no-store and noindex', async () => {
    const res = await get('/s/AAAAAAAAAAAAAAAAAAAAAA', 'gzip, br');
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(decode('br', new Uint8Array(await res.arrayBuffer()))).toBe(FILES['200.html']);
  });

  test('HEAD gets the headers of the GET — coding, Vary, Content-Length of the encoded body — and no body', async () => {
    for (const accept of ['br', 'gzip', undefined]) {
      const full = await get('/_app/immutable/entry/start.abc123.js', accept);
      const head = await get('/_app/immutable/entry/start.abc123.js', accept, 'HEAD');
      expect(head.status).toBe(200);
      for (const name of ['content-encoding', 'content-length', 'vary', 'content-type', 'cache-control']) {
        expect(head.headers.get(name), `${String(accept)} ${name}`).toBe(full.headers.get(name));
      }
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    }
  });

  test('the compressed copies are not files of their own', async () => {
    for (const path of [
      '/_app/immutable/entry/start.abc123.js.br',
      '/_app/immutable/entry/start.abc123.js.gz',
      '/index.html.br',
    ]) {
      expect((await get(path, 'br')).status, path).toBe(404);
    }
  });
});

describe('caching', () => {
  test('hashed files are immutable for a year, in every coding', async () => {
    for (const accept of ['br', 'gzip', undefined]) {
      const res = await get('/_app/immutable/assets/app.abc123.css', accept);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
    expect((await get('/favicon.svg', 'gzip')).headers.get('cache-control')).toBe('no-cache');
  });

  test('pages and the API stay no-store; API bodies are never encoded', async () => {
    expect((await get('/', 'br')).headers.get('cache-control')).toBe('no-store');
    const api = await get('/api/v1/config', 'br, gzip');
    expect(api.status).toBe(200);
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('content-encoding')).toBeNull();
  });
});

describe('over real HTTP', () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'zkpush-spa-encoding-srv-'));
    const parsed = parseConfig({ ZKPUSH_PORT: '0', ZKPUSH_DATA_DIR: join(dataDir, 'data'), ZKPUSH_WEB_DIR: root });
    if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
    server = await startServer({ config: parsed.config });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The raw exchange: node:http does not decode bodies, so these are the bytes on the wire. */
  function raw(path: string, method: string, acceptEncoding: string) {
    return new Promise<{ headers: Record<string, string | string[] | undefined>; body: Buffer }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: server.port, path, method, headers: { 'accept-encoding': acceptEncoding } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  test.each(['br', 'gzip'])('%s: Content-Length is the encoded body’s, on GET and HEAD', async (coding) => {
    const path = '/_app/immutable/entry/start.abc123.js';
    const got = await raw(path, 'GET', coding);
    expect(got.headers['content-encoding']).toBe(coding);
    expect(got.headers['vary']).toBe('Accept-Encoding');
    expect(got.headers['transfer-encoding']).toBeUndefined();
    expect(got.headers['content-length']).toBe(String(got.body.byteLength));
    expect(decode(coding, got.body)).toBe(FILES['_app/immutable/entry/start.abc123.js']);
    const head = await raw(path, 'HEAD', coding);
    expect(head.headers['content-length']).toBe(String(got.body.byteLength));
    expect(head.headers['content-encoding']).toBe(coding);
    expect(head.body.byteLength).toBe(0);
  });
});
