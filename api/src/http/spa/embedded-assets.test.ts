import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
  '_app/version.json': '{"version":"1"}',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
};

/** What build-sea embeds: the web files under `web/`, plus unrelated assets the source must ignore. */
function fakeSea(root: string): SeaAssets & { isSea(): boolean; reads: string[] } {
  const assets = new Map<string, string>([['better_sqlite3.node', join(root, 'index.html')]]);
  for (const path of Object.keys(FILES)) assets.set(WEB_ASSET_PREFIX + path, join(root, path));
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
  expect([...listed].sort()).toEqual(Object.keys(FILES).sort());
});

test.each([
  '/',
  '/s/AAAAAAAAAAAAAAAAAAAAAA',
  '/_app/immutable/entry/start.abc.js',
  '/_app/version.json',
  '/favicon.svg',
  '/missing.js',
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
