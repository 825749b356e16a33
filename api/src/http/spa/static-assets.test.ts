import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { assetPathFrom, contentTypeFor, createFsAssetSource } from './static-assets.ts';

describe('assetPathFrom', () => {
  test.each([
    ['/', ''],
    ['/index.html', 'index.html'],
    ['/_app/immutable/a.js', '_app/immutable/a.js'],
    ['/docs/', 'docs/'],
    ['//double//slash', 'double/slash'],
    ['/caf%C3%A9.txt', 'café.txt'],
  ])('%s → %s', (input, expected) => {
    expect(assetPathFrom(input)).toBe(expected);
  });

  test.each([
    '/../etc/passwd',
    '/a/../../b',
    '/%2e%2e/x',
    '/%2E%2E%2Fx',
    '/a%5c..%5cb',
    '/x%00.html',
    '/.env',
    '/%E0%A4%A',
  ])('refuses %s', (input) => {
    expect(assetPathFrom(input)).toBeUndefined();
  });
});

test('content types', () => {
  expect(contentTypeFor('a/b.JS')).toBe('text/javascript; charset=utf-8');
  expect(contentTypeFor('x.woff2')).toBe('font/woff2');
  expect(contentTypeFor('noext')).toBe('application/octet-stream');
});

describe('filesystem source', () => {
  let base: string;
  let root: string;
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'zkpush-assets-'));
    root = join(base, 'build');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'sub', 'a.css'), 'body{}');
    writeFileSync(join(base, 'outside.txt'), 'outside');
    symlinkSync(join(base, 'outside.txt'), join(root, 'link.txt'));
    symlinkSync(join(root, 'sub', 'a.css'), join(root, 'inner.css'));
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  test('reads files with their content type and lists them', async () => {
    const source = createFsAssetSource(root);
    const asset = await source.get('sub/a.css');
    expect(asset?.contentType).toBe('text/css; charset=utf-8');
    expect(new TextDecoder().decode(asset?.body)).toBe('body{}');
    // Listing is of regular files only (symlinks are served by get() if they stay inside the root).
    expect(await source.list()).toEqual(['sub/a.css']);
  });

  test('never reads outside the root, even through a symlink or a raw ../ path', async () => {
    const source = createFsAssetSource(root);
    expect(await source.get('../outside.txt')).toBeUndefined();
    expect(await source.get('link.txt')).toBeUndefined();
    expect(await source.get('sub')).toBeUndefined();
    expect((await source.get('inner.css'))?.contentType).toBe('text/css; charset=utf-8');
  });

  test('a missing root is empty, not an error', async () => {
    const source = createFsAssetSource(join(base, 'nope'));
    expect(await source.list()).toEqual([]);
    expect(await source.get('index.html')).toBeUndefined();
  });
});
