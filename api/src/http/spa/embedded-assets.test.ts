import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMemoryLogger } from '../../logger.ts';
import { createSeaAssetSource, hasEmbeddedWeb, WEB_ASSET_PREFIX, type SeaAssets } from './embedded-assets.ts';
import { loadSpa } from './spa.ts';
import { createFsAssetSource } from './static-assets.ts';

const FILES: Record<string, string> = {
  'index.html': `<!doctype html><head><meta http-equiv="content-security-policy" content="script-src 'self' 'sha256-a='"></head>home`,
  '200.html': `<!doctype html><head><meta http-equiv="content-security-policy" content="script-src 'self' 'sha256-b='"></head>shell`,
  '_app/immutable/entry/start.abc.js': 'export const x = 1;',
  '_app/immutable/workers/seal-worker-abc.js': 'self.onmessage = () => {};',
  '_app/version.json': '{"version":"1"}',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

/** The precompressed copies web/scripts/precompress.ts writes beside text files. */
const COPIES: Record<string, Buffer> = {
  'index.html.br': brotliCompressSync(FILES['index.html'] ?? ''),
  '200.html.gz': gzipSync(FILES['200.html'] ?? ''),
  '_app/immutable/entry/start.abc.js.br': brotliCompressSync(FILES['_app/immutable/entry/start.abc.js'] ?? ''),
  '_app/immutable/entry/start.abc.js.gz': gzipSync(FILES['_app/immutable/entry/start.abc.js'] ?? ''),
};

/** What build-sea embeds: the web files under `web/`, plus unrelated assets the source must ignore. */
function fakeSea(root: string): SeaAssets & { isSea(): boolean; reads: string[] } {
  const assets = new Map<string, string>([['better_sqlite3.node', join(root, 'index.html')]]);
  for (const path of [...Object.keys(FILES), ...Object.keys(COPIES)]) {
    assets.set(WEB_ASSET_PREFIX + path, join(root, path));
  }
  const reads: string[] = [];
  return {
    reads,
    isSea: () => true,
    getAssetKeys: () => [...assets.keys()],
    getAsset(key) {
      reads.push(key);
      const file = assets.get(key);
      if (file === undefined) throw new Error(`no asset ${key}`);
      return new Uint8Array(readFileSync(file)).buffer;
    },
  };
}

let root: string;
let sea: ReturnType<typeof fakeSea>;
let fromFs: Hono;
let fromSea: Hono;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'zkpush-embedded-'));
  for (const [path, content] of Object.entries(FILES)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  for (const [path, bytes] of Object.entries(COPIES)) writeFileSync(join(root, path), bytes);
  sea = fakeSea(root);
  const app = async (source: Parameters<typeof loadSpa>[0]) => {
    const spa = await loadSpa(source, createMemoryLogger('warn'));
    return new Hono().get('*', (c) => spa.serve(c));
  };
  fromFs = await app(createFsAssetSource(root));
  fromSea = await app(createSeaAssetSource(sea));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('lists exactly the web files, without the prefix', async () => {
  const listed = await createSeaAssetSource(sea).list();
  expect([...listed].sort()).toEqual([...Object.keys(FILES), ...Object.keys(COPIES)].sort());
});

test.each([
  ['/', 'br'],
  ['/s/AAAAAAAAAAAAAAAAAAAAAA', 'gzip, br'],
  ['/_app/immutable/entry/start.abc.js', 'br'],
  ['/_app/immutable/entry/start.abc.js', 'gzip'],
  ['/_app/immutable/entry/start.abc.js', 'identity'],
  ['/_app/immutable/entry/start.abc.js.br', 'br'],
])('%s with Accept-Encoding %j: the same encoded bytes and headers as the filesystem source', async (path, accept) => {
  const init = { headers: { 'accept-encoding': accept } };
  const [a, b] = await Promise.all([fromFs.request(path, init), fromSea.request(path, init)]);
  expect(b.status).toBe(a.status);
  expect(new Uint8Array(await b.arrayBuffer())).toEqual(new Uint8Array(await a.arrayBuffer()));
  expect(Object.fromEntries(b.headers)).toEqual(Object.fromEntries(a.headers));
  if (path.endsWith('.br')) expect(b.status).toBe(404);
  else
    expect(b.headers.get('content-encoding')).toBe(
      accept === 'identity' ? null : accept.startsWith('gzip') ? 'gzip' : 'br',
    );
});

test.each([
  '/',
  '/s/AAAAAAAAAAAAAAAAAAAAAA',
  '/_app/immutable/entry/start.abc.js',
  // A worker runs under its own script's CSP header: the single executable must send the same one.
  '/_app/immutable/workers/seal-worker-abc.js',
  '/_app/version.json',
  '/favicon.svg',
  '/missing.js',
  // An unknown address: the fallback shell with status 404 from both sources (issue 13 §4.4).
  '/no-such-page',
  '/../better_sqlite3.node',
  '/%2e%2e/better_sqlite3.node',
])('%s: same status, body and headers as the filesystem source', async (path) => {
  const [a, b] = await Promise.all([fromFs.request(path), fromSea.request(path)]);
  expect(b.status).toBe(a.status);
  expect(await b.text()).toBe(await a.text());
  expect(Object.fromEntries(b.headers)).toEqual(Object.fromEntries(a.headers));
});

test('never reads an asset outside the web prefix', async () => {
  await fromSea.request('/better_sqlite3.node');
  expect(sea.reads.filter((key) => !key.startsWith(WEB_ASSET_PREFIX))).toEqual([]);
});

test('detects an embedded web app only in a single executable that has index.html', () => {
  expect(hasEmbeddedWeb(sea)).toBe(true);
  expect(hasEmbeddedWeb({ ...sea, isSea: () => false })).toBe(false);
  expect(hasEmbeddedWeb({ ...sea, getAssetKeys: () => ['better_sqlite3.node'] })).toBe(false);
  expect(hasEmbeddedWeb()).toBe(false);
});
