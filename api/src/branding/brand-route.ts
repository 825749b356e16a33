/**
 * GET /brand/<hash><ext>: the brand's files (brand-assets.ts). Their names change with their bytes, so
 * they are cached for a year. An SVG logo opened on its own runs under a sandboxing CSP with no
 * scripts — an operator's SVG is drawn, never executed, on this origin.
 */
import type { Context } from 'hono';
import type { LoadedBrand } from './brand-assets.ts';

const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

export function brandRoute(brand: LoadedBrand) {
  return (c: Context): Response => {
    const asset = brand.assets.get(c.req.path);
    if (asset === undefined) return c.text('Not found\n', 404, { 'Cache-Control': 'no-store' });
    return c.body(asset.body, 200, {
      'Content-Type': asset.contentType,
      'Content-Length': String(asset.body.byteLength),
      'Cache-Control': 'public, max-age=31536000, immutable',
      ...(asset.contentType.startsWith('image/svg') ? { 'Content-Security-Policy': IMAGE_CSP } : {}),
    });
  };
}
