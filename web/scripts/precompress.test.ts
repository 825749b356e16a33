import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { precompressDirectory } from './precompress.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-precompress-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const script = 'export function hello(name) { return `hello ${name}`; }\n'.repeat(50);

test('writes a brotli and a gzip copy of each text file that decompress to it', () => {
  mkdirSync(join(dir, '_app', 'immutable'), { recursive: true });
  const files = {
    '_app/immutable/app.js': script,
    'index.html': `<!doctype html><body>${'<p>zkpush</p>'.repeat(40)}</body>`,
    'manifest.webmanifest': JSON.stringify({ name: 'zkpush', icons: Array(20).fill({ src: '/icon.svg' }) }),
  };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  const results = precompressDirectory(dir);
  expect(results.map((r) => r.path).sort()).toEqual(Object.keys(files).sort());
  for (const [path, text] of Object.entries(files)) {
    const br = readFileSync(join(dir, `${path}.br`));
    const gz = readFileSync(join(dir, `${path}.gz`));
    expect(brotliDecompressSync(br).toString()).toBe(text);
    expect(gunzipSync(gz).toString()).toBe(text);
    expect(results.find((r) => r.path === path)).toEqual({
      path,
      identity: Buffer.byteLength(text),
      br: br.byteLength,
      gzip: gz.byteLength,
    });
  }
  // Maximum effort: brotli well under gzip on code.
  expect(readFileSync(join(dir, '_app/immutable/app.js.br')).byteLength).toBeLessThan(
    readFileSync(join(dir, '_app/immutable/app.js.gz')).byteLength,
  );
});

test('skips images and any copy that would not be smaller, and replaces stale copies', () => {
  writeFileSync(join(dir, 'icon.png'), script);
  writeFileSync(join(dir, 'tiny.js'), 'x');
  writeFileSync(join(dir, 'tiny.js.gz'), 'stale copy from an earlier build');
  const results = precompressDirectory(dir);
  expect(results).toEqual([{ path: 'tiny.js', identity: 1 }]);
  expect(existsSync(join(dir, 'icon.png.br'))).toBe(false);
  expect(existsSync(join(dir, 'tiny.js.br'))).toBe(false);
  expect(existsSync(join(dir, 'tiny.js.gz'))).toBe(false);
});
