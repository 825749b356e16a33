import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/config.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-brand-'));
  writeFileSync(join(dir, 'logo.svg'), SVG);
  writeFileSync(join(dir, 'logo-dark.png'), PNG);
  writeFileSync(join(dir, 'fake.png'), 'not a png at all');
  writeFileSync(join(dir, 'big.svg'), `<svg>${'x'.repeat(300 * 1024)}</svg>`);
  writeFileSync(join(dir, 'brand.css'), 'header { letter-spacing: 0.02em; }');
  writeFileSync(join(dir, 'icon.ico'), Buffer.from([0, 0, 1, 0, 1, 0]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const parse = (env: Record<string, string>) => parseConfig(env, { cwd: dir });
const errorsOf = (env: Record<string, string>): string[] => {
  const result = parse(env);
  return result.kind === 'invalid' ? result.errors : [];
};

describe('brand settings', () => {
  it('reads a full brand, resolving files against the working directory', () => {
    const result = parse({
      ZKPUSH_BRAND_NAME: 'Acme Secrets',
      ZKPUSH_BRAND_TAGLINE: 'Share credentials the safe way',
      ZKPUSH_BRAND_DISCLAIMER: 'For Acme staff and partners only.',
      ZKPUSH_BRAND_LOGO: 'logo.svg',
      ZKPUSH_BRAND_LOGO_DARK: 'logo-dark.png',
      ZKPUSH_BRAND_FAVICON: 'icon.ico',
      ZKPUSH_BRAND_ACCENT: '#0b5d1e',
      ZKPUSH_BRAND_ACCENT_DARK: '#6ee7a0',
      ZKPUSH_BRAND_CSS: 'brand.css',
      ZKPUSH_BRAND_IMPRINT_URL: 'https://acme.example/imprint',
      ZKPUSH_BRAND_SUPPORT_URL: 'mailto:it@acme.example',
      ZKPUSH_CREATE_ENABLED: 'false',
      ZKPUSH_DASHBOARD_ENABLED: 'no',
    });
    expect(result.kind).toBe('ok');
    if (result.kind !== 'ok') return;
    const { brand, instance } = result.config;
    expect(brand.name).toBe('Acme Secrets');
    expect(brand.logo).toEqual({
      light: { path: join(dir, 'logo.svg'), contentType: 'image/svg+xml' },
      dark: { path: join(dir, 'logo-dark.png'), contentType: 'image/png' },
    });
    expect(brand.favicon?.dark).toEqual(brand.favicon?.light);
    expect(brand.accent?.light.accent).toBe('#0b5d1e');
    expect(brand.accent?.light.text).toBe('#ffffff');
    expect(brand.accent?.dark.text).toBe('#000000');
    expect(brand.links).toEqual({
      imprint: 'https://acme.example/imprint',
      privacy: undefined,
      support: 'mailto:it@acme.example',
    });
    expect(instance).toEqual({ create: false, dashboard: false });
  });

  it('refuses files that are missing, too large, of the wrong kind or lying about their type', () => {
    expect(errorsOf({ ZKPUSH_BRAND_LOGO: 'missing.svg' })).toEqual([
      expect.stringMatching(/^ZKPUSH_BRAND_LOGO: cannot read .*missing\.svg \(ENOENT\)$/),
    ]);
    expect(errorsOf({ ZKPUSH_BRAND_LOGO: 'big.svg' })).toEqual([
      expect.stringMatching(/^ZKPUSH_BRAND_LOGO: .*big\.svg is \d+ bytes; at most 262144 are allowed$/),
    ]);
    expect(errorsOf({ ZKPUSH_BRAND_LOGO: 'brand.css' })).toEqual([
      expect.stringMatching(/^ZKPUSH_BRAND_LOGO must name a \.svg, \.png, \.webp file/),
    ]);
    expect(errorsOf({ ZKPUSH_BRAND_FAVICON: 'fake.png' })).toEqual([
      expect.stringMatching(/^ZKPUSH_BRAND_FAVICON: .*fake\.png is not a valid \.png file$/),
    ]);
    expect(errorsOf({ ZKPUSH_BRAND_LOGO_DARK: 'logo.svg' })).toEqual([
      'ZKPUSH_BRAND_LOGO_DARK needs ZKPUSH_BRAND_LOGO as well',
    ]);
  });

  it('refuses an accent that fails WCAG AA, naming the ratio and the theme', () => {
    expect(errorsOf({ ZKPUSH_BRAND_ACCENT: '#ffcc00' })).toEqual([
      expect.stringMatching(
        /^ZKPUSH_BRAND_ACCENT #ffcc00: contrast 1\.\d\d:1 against the light theme's page background/,
      ),
    ]);
    // Dark enough for light pages, so it cannot also serve dark ones: the message says what to set.
    expect(errorsOf({ ZKPUSH_BRAND_ACCENT: '#0b5d1e' })).toEqual([
      expect.stringMatching(/is also used for the dark theme.*set ZKPUSH_BRAND_ACCENT_DARK to a lighter colour$/),
    ]);
    expect(errorsOf({ ZKPUSH_BRAND_ACCENT: 'green' })).toEqual([
      'ZKPUSH_BRAND_ACCENT must be a colour #rrggbb or #rgb (got "green")',
    ]);
    expect(errorsOf({ ZKPUSH_BRAND_ACCENT_DARK: '#6ee7a0' })).toEqual([
      'ZKPUSH_BRAND_ACCENT_DARK needs ZKPUSH_BRAND_ACCENT as well',
    ]);
  });

  it('refuses texts that are too long or span lines, and links that are not absolute', () => {
    expect(errorsOf({ ZKPUSH_BRAND_NAME: 'x'.repeat(61) })).toEqual([
      'ZKPUSH_BRAND_NAME must be one line of at most 60 characters (got 61)',
    ]);
    expect(errorsOf({ ZKPUSH_BRAND_TAGLINE: 'one\ntwo' })).toHaveLength(1);
    for (const bad of ['/imprint', 'javascript:alert(1)', 'ftp://acme.example/x', 'https://user:pw@acme.example/']) {
      expect(errorsOf({ ZKPUSH_BRAND_PRIVACY_URL: bad })).toEqual([
        `ZKPUSH_BRAND_PRIVACY_URL must be an absolute https:, http: or mailto: URL (got "${bad}")`,
      ]);
    }
  });
});
