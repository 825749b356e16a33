import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, ServerConfig } from '@zkpush/shared/schemas';
import { parseConfig, type Config } from '../config/config.ts';
import { loadSpa } from '../http/spa/spa.ts';
import { createFsAssetSource } from '../http/spa/static-assets.ts';
import { silentLogger } from '../logger.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { loadBrand } from './brand-assets.ts';
import { brandHtml } from './brand-html.ts';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h4v4z"/></svg>';
const PAGE = '<!doctype html><html><head><meta charset="utf-8" /></head><body>shell</body></html>';
let dir: string;
let t: TestApp;
let brandConfig: Config['brand'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-brand-route-'));
  writeFileSync(join(dir, 'logo.svg'), SVG);
  mkdirSync(join(dir, 'web'));
  writeFileSync(join(dir, 'web', 'index.html'), PAGE);
  writeFileSync(join(dir, 'web', '200.html'), PAGE);
  const parsed = parseConfig(
    { ZKPUSH_BRAND_NAME: 'Acme Secrets', ZKPUSH_BRAND_LOGO: 'logo.svg', ZKPUSH_CREATE_ENABLED: 'false' },
    { cwd: dir },
  );
  if (parsed.kind !== 'ok') throw new Error(parsed.errors.join('; '));
  brandConfig = parsed.config.brand;
  const brand = loadBrand(brandConfig);
  const spa = await loadSpa(createFsAssetSource(join(dir, 'web')), silentLogger, { transformHtml: brandHtml(brand) });
  t = await createTestApp({ config: { brand: brandConfig, instance: parsed.config.instance }, spa });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a branded retrieval-only instance', () => {
  it('tells clients its brand and that it does not create', async () => {
    const config = v.parse(ServerConfig, await (await t.app.request('/api/v1/config')).json());
    expect(config.brand.name).toBe('Acme Secrets');
    expect(config.brand.logo?.light).toMatch(/^\/brand\/[0-9a-f]{20}\.svg$/);
    expect(config.instance).toEqual({ create: false, dashboard: true });
  });

  it('serves the logo for a year, and an SVG opened on its own cannot run script', async () => {
    const config = v.parse(ServerConfig, await (await t.app.request('/api/v1/config')).json());
    const res = await t.app.request(config.brand.logo!.light);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(SVG);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect((await t.app.request('/brand/0000000000000000000a.svg')).status).toBe(404);
  });

  it('refuses to create pushes with creation_disabled, and still answers for links', async () => {
    const res = await t.app.request('/api/v1/secrets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(v.parse(ErrorBody, await res.json()).error.code).toBe('creation_disabled');
    const meta = await t.app.request('/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA');
    expect(meta.status).toBe(404);
    expect(v.parse(ErrorBody, await meta.json()).error.code).toBe('not_found');
  });

  it('names the page after the brand, compressed to match', async () => {
    for (const [coding, decode] of [
      ['br', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const res = await t.app.request('/s/whatever', { headers: { 'accept-encoding': coding } });
      expect(res.headers.get('content-encoding')).toBe(coding);
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(res.headers.get('content-length')).toBe(String(bytes.length));
      expect(decode(bytes).toString()).toMatch(/<title>Acme Secrets<\/title>[^]*<span dir="auto">Acme Secrets<\/span>/);
    }
  });
});
