/**
 * Where the built web app's files come from. Behind an interface because there are two sources:
 * this module's reads the SvelteKit adapter-static output directory, and embedded-assets.ts serves
 * the copy embedded in the single executable. Paths handed to a source are already normalized (see
 * `assetPathFrom`).
 */
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

export interface Asset {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly contentType: string;
}

export interface AssetSource {
  /** `path` is relative and normalized, e.g. `index.html` or `_app/immutable/entry/start.js`. */
  get(path: string): Promise<Asset | undefined>;
  /** Every asset path (used at start-up to read the CSP of each HTML page). */
  list(): Promise<readonly string[]>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * URL path → relative asset path, or undefined when it could escape the root or names something
 * hidden: percent-decoding happens once, then `..`, `.`-prefixed segments, backslashes and NUL are
 * refused (so `%2e%2e%2f` and `..%5c` are caught after decoding, not before).
 */
export function assetPathFrom(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  return segments.join('/') + (decoded.endsWith('/') && segments.length > 0 ? '/' : '');
}

export function createFsAssetSource(root: string): AssetSource {
  const base = resolve(root);
  // Resolved lazily: the directory may not exist (web app not built yet).
  const realBase = realpath(base).catch(() => undefined);

  async function inside(path: string): Promise<string | undefined> {
    const full = resolve(base, path);
    const real = await realpath(full).catch(() => undefined);
    const rootReal = await realBase;
    // Symlinks are followed only if they stay inside the build directory.
    if (real === undefined || rootReal === undefined || !real.startsWith(rootReal + sep)) return undefined;
    return real;
  }

  return {
    async get(path) {
      const real = await inside(path);
      if (real === undefined) return undefined;
      const info = await stat(real).catch(() => undefined);
      if (info === undefined || !info.isFile()) return undefined;
      return { body: await readFile(real), contentType: contentTypeFor(real) };
    },
    async list() {
      const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
      return entries
        .filter((e) => e.isFile())
        .map((e) =>
          resolve(e.parentPath, e.name)
            .slice(base.length + 1)
            .split(sep)
            .join('/'),
        );
    },
  };
}
