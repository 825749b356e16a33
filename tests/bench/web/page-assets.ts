/**
 * What a page made the browser download, as the production server sends it: the same-origin HTML,
 * JavaScript and CSS responses a browser context saw (workers included, API answers not), re-fetched
 * with each Accept-Encoding so that brotli, gzip and uncompressed bytes (= Content-Length) can be
 * summed. Shared by `pnpm bench:page-bytes` and `pnpm bench:page`.
 */
import type { BrowserContext } from '@playwright/test';
import { getEncoded } from '../../support/encoded-get.ts';

export const ENCODINGS = [
  ['none', undefined],
  ['gzip', 'gzip'],
  ['br', 'br'],
] as const;
export type Sizes = Record<(typeof ENCODINGS)[number][0], number>;

/** Records the paths of same-origin .js/.css (and, with `documents`, HTML) responses of a context. */
export function recordAssets(context: BrowserContext, origin: string, documents = true): string[] {
  const seen: string[] = [];
  context.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin || url.pathname.startsWith('/api/')) return;
    const asset = /\.(js|css)$/.test(url.pathname);
    const doc = documents && response.request().resourceType() === 'document';
    if ((asset || doc) && !seen.includes(url.pathname)) seen.push(url.pathname);
  });
  return seen;
}

/** The bytes of one path as the server sends it with each Accept-Encoding (Content-Length checked). */
export async function sizes(origin: string, path: string): Promise<Sizes> {
  const out: Partial<Sizes> = {};
  for (const [name, accept] of ENCODINGS) {
    const res = await getEncoded(origin + path, accept);
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    const length = Number(res.headers['content-length']);
    if (length !== res.body.byteLength) throw new Error(`${path} (${name}): Content-Length ${length} ≠ body`);
    const coding = res.headers['content-encoding'];
    if (accept !== undefined && coding !== undefined && coding !== accept) throw new Error(`${path}: got ${coding}`);
    out[name] = res.body.byteLength;
  }
  return { none: out.none ?? 0, gzip: out.gzip ?? 0, br: out.br ?? 0 };
}

export async function totalSizes(origin: string, paths: readonly string[]): Promise<Sizes> {
  const total: Sizes = { none: 0, gzip: 0, br: 0 };
  for (const path of paths) {
    const s = await sizes(origin, path);
    for (const [name] of ENCODINGS) total[name] += s[name];
  }
  return total;
}

export const kib = (bytes: number): string => (bytes / 1024).toFixed(1);
