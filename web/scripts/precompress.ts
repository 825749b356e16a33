/**
 * Build step after `vite build` (web's `build` script): writes a brotli (`.br`) and a gzip (`.gz`) copy
 * beside every text asset of web/build, so the server sends compressed bytes without compressing
 * anything per request (api/src/http/spa/content-encoding.ts picks the copy per Accept-Encoding).
 * Maximum effort — brotli quality 11, gzip level 9 — since it runs once per build; a copy that is not
 * smaller than the original is not written. Already-compressed formats (images, fonts) are skipped.
 *
 * Usage: node web/scripts/precompress.ts [DIR]   (DIR defaults to web/build)
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Extensions worth compressing: text formats (and WebAssembly, which compresses like code). */
export const COMPRESSIBLE = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.svg',
  '.json',
  '.webmanifest',
  '.map',
  '.txt',
  '.xml',
  '.wasm',
]);

/** The variants, by the suffix the server looks for. */
export const ENCODINGS = { br: '.br', gzip: '.gz' } as const;

export interface Compressed {
  readonly path: string;
  readonly identity: number;
  /** Bytes of each written variant; absent when that variant would not have been smaller. */
  readonly br?: number;
  readonly gzip?: number;
}

export function brotli(body: Uint8Array): Buffer {
  return brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

export function gzip(body: Uint8Array): Buffer {
  return gzipSync(body, { level: constants.Z_BEST_COMPRESSION });
}

/** Compresses every compressible file under `dir` in place; stale variants of earlier runs are replaced. */
export function precompressDirectory(dir: string): Compressed[] {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && COMPRESSIBLE.has(extname(entry.name).toLowerCase()))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
  return files.map((file) => {
    const body = readFileSync(file);
    const result: { path: string; identity: number; br?: number; gzip?: number } = {
      path: relative(dir, file),
      identity: body.byteLength,
    };
    for (const [encoding, compress] of [
      ['br', brotli],
      ['gzip', gzip],
    ] as const) {
      const target = file + ENCODINGS[encoding];
      const out = compress(body);
      if (out.byteLength < body.byteLength) {
        writeFileSync(target, out);
        result[encoding] = out.byteLength;
      } else {
        rmSync(target, { force: true });
      }
    }
    return result;
  });
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = resolve(process.argv[2] ?? fileURLToPath(new URL('../build', import.meta.url)));
  const results = precompressDirectory(dir);
  const sum = (pick: (c: Compressed) => number) => results.reduce((total, c) => total + pick(c), 0);
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.warn(
    `precompress: ${results.length} files in ${relative(process.cwd(), dir) || '.'}: ${kib(sum((c) => c.identity))}` +
      ` → br ${kib(sum((c) => c.br ?? c.identity))}, gzip ${kib(sum((c) => c.gzip ?? c.identity))}`,
  );
}
