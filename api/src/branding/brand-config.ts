/**
 * The `ZKPUSH_BRAND_*` and instance settings (settings.ts, group "Branding and instance"), read and
 * checked at start-up like every setting: a file that is missing, too large or not what its extension
 * says, a colour that fails WCAG AA on its theme (accent-palette.ts), a URL that is not absolute
 * https/http/mailto — each stops the server with a message naming the variable. Files are only
 * checked here; brand-assets.ts reads them once when the server starts.
 */
import { readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import type { EnvReader } from '../config/env-reader.ts';
import { settingOf, type SettingNameOfType } from '../config/settings.ts';
import { accentPalette, checkAccent, type AccentPalette } from './accent-palette.ts';
import { parseHexColour } from './colour-contrast.ts';
import type { ThemeName } from './theme-surfaces.ts';

export type BrandFile = Readonly<{ path: string; contentType: string }>;
/** The same picture for both themes unless the operator set a dark one. */
export type Themed<T> = Readonly<Record<ThemeName, T>>;

export type BrandConfig = Readonly<{
  name: string;
  tagline: string | undefined;
  disclaimer: string | undefined;
  logo: Themed<BrandFile> | undefined;
  favicon: Themed<BrandFile> | undefined;
  accent: Themed<AccentPalette> | undefined;
  css: BrandFile | undefined;
  links: Readonly<{ imprint: string | undefined; privacy: string | undefined; support: string | undefined }>;
}>;

/** Instance switches: what this server offers at all (a retrieval-only gateway turns creating off). */
export type InstanceSwitches = Readonly<{ create: boolean; dashboard: boolean }>;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.css': 'text/css; charset=utf-8',
};

/** Control characters other than tab (C0 and DEL); a brand text is shown as text, one line. */
const hasControl = (text: string): boolean =>
  [...text].some((c) => {
    const code = c.codePointAt(0)!;
    return (code < 0x20 && code !== 0x09) || code === 0x7f;
  });

export function readBrand(read: EnvReader, cwd: string): BrandConfig {
  const text = (name: SettingNameOfType<'text'>): string | undefined => {
    const spec = settingOf(name);
    const value = read.raw(name) ?? spec.default;
    if (value === undefined) return undefined;
    if ([...value].length > spec.maxLength || hasControl(value)) {
      read.fail(`${name} must be one line of at most ${spec.maxLength} characters (got ${[...value].length})`);
      return undefined;
    }
    return value;
  };
  const file = (name: SettingNameOfType<'file'>): BrandFile | undefined => {
    const raw = read.raw(name);
    return raw === undefined ? undefined : checkFile(read, name, resolve(cwd, raw));
  };
  const themedFile = (light: SettingNameOfType<'file'>, dark: SettingNameOfType<'file'>) => {
    const lightFile = file(light);
    const darkFile = file(dark);
    if (darkFile !== undefined && lightFile === undefined) read.fail(`${dark} needs ${light} as well`);
    return lightFile === undefined ? undefined : Object.freeze({ light: lightFile, dark: darkFile ?? lightFile });
  };
  const url = (name: SettingNameOfType<'url'>): string | undefined => {
    const raw = read.raw(name);
    if (raw === undefined) return undefined;
    if (isLinkUrl(raw)) return raw;
    read.fail(`${name} must be an absolute https:, http: or mailto: URL (got "${raw}")`);
    return undefined;
  };

  return Object.freeze({
    name: text('ZKPUSH_BRAND_NAME') ?? 'zkpush',
    tagline: text('ZKPUSH_BRAND_TAGLINE'),
    disclaimer: text('ZKPUSH_BRAND_DISCLAIMER'),
    logo: themedFile('ZKPUSH_BRAND_LOGO', 'ZKPUSH_BRAND_LOGO_DARK'),
    favicon: themedFile('ZKPUSH_BRAND_FAVICON', 'ZKPUSH_BRAND_FAVICON_DARK'),
    accent: readAccent(read),
    css: file('ZKPUSH_BRAND_CSS'),
    links: Object.freeze({
      imprint: url('ZKPUSH_BRAND_IMPRINT_URL'),
      privacy: url('ZKPUSH_BRAND_PRIVACY_URL'),
      support: url('ZKPUSH_BRAND_SUPPORT_URL'),
    }),
  });
}

export function readInstanceSwitches(read: EnvReader): InstanceSwitches {
  const flag = (name: 'ZKPUSH_CREATE_ENABLED' | 'ZKPUSH_DASHBOARD_ENABLED') =>
    read.boolean(name, settingOf(name).default === 'true');
  return Object.freeze({ create: flag('ZKPUSH_CREATE_ENABLED'), dashboard: flag('ZKPUSH_DASHBOARD_ENABLED') });
}

/**
 * ZKPUSH_BRAND_ACCENT is for the light theme; ZKPUSH_BRAND_ACCENT_DARK for the dark one, defaulting to
 * the light accent when that also passes there (no single colour passes on both near-white and
 * near-black pages at 4.5:1, so an operator who sets one usually needs both — the message says so).
 */
function readAccent(read: EnvReader): Themed<AccentPalette> | undefined {
  const colour = (name: SettingNameOfType<'colour'>, theme: ThemeName) => {
    const raw = read.raw(name);
    if (raw === undefined) return undefined;
    const rgb = parseHexColour(raw);
    if (rgb === undefined) {
      read.fail(`${name} must be a colour #rrggbb or #rgb (got "${raw}")`);
      return undefined;
    }
    const check = checkAccent(rgb, theme);
    if (check.kind === 'ok') return accentPalette(rgb, theme);
    const hint = name === 'ZKPUSH_BRAND_ACCENT' ? '' : ' (set ZKPUSH_BRAND_ACCENT_DARK to a lighter colour)';
    read.fail(`${name} ${raw}: ${check.reason}${hint}`);
    return undefined;
  };
  const lightRaw = read.raw('ZKPUSH_BRAND_ACCENT');
  const darkRaw = read.raw('ZKPUSH_BRAND_ACCENT_DARK');
  if (lightRaw === undefined && darkRaw === undefined) return undefined;
  if (lightRaw === undefined) {
    read.fail('ZKPUSH_BRAND_ACCENT_DARK needs ZKPUSH_BRAND_ACCENT as well');
    return undefined;
  }
  const light = colour('ZKPUSH_BRAND_ACCENT', 'light');
  let dark: AccentPalette | undefined;
  if (darkRaw !== undefined) {
    dark = colour('ZKPUSH_BRAND_ACCENT_DARK', 'dark');
  } else {
    const rgb = parseHexColour(lightRaw);
    const check = rgb === undefined ? undefined : checkAccent(rgb, 'dark');
    if (rgb !== undefined && check?.kind === 'ok') dark = accentPalette(rgb, 'dark');
    else if (check?.kind === 'refused') {
      read.fail(
        `ZKPUSH_BRAND_ACCENT ${lightRaw} is also used for the dark theme, where ${check.reason}; set ZKPUSH_BRAND_ACCENT_DARK to a lighter colour`,
      );
    }
  }
  return light === undefined || dark === undefined ? undefined : Object.freeze({ light, dark });
}

/** Signatures by extension: the file must be what its name says, so it is served with a true type. */
function looksLike(extension: string, bytes: Buffer): boolean {
  switch (extension) {
    case '.png':
      return bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    case '.webp':
      return bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP';
    case '.ico':
      return bytes.subarray(0, 4).equals(Buffer.from([0, 0, 1, 0]));
    case '.svg':
      return isUtf8(bytes) && /<svg[\s>]/.test(bytes.toString('utf8'));
    case '.css':
      return isUtf8(bytes);
    default:
      return false;
  }
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function checkFile(read: EnvReader, name: SettingNameOfType<'file'>, path: string): BrandFile | undefined {
  const spec = settingOf(name);
  const extension = extname(path).toLowerCase();
  const allowed: readonly string[] = spec.extensions;
  if (!allowed.includes(extension)) {
    read.fail(`${name} must name a ${allowed.join(', ')} file (got "${path}")`);
    return undefined;
  }
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > spec.maxBytes) {
      read.fail(`${name}: ${path} is ${stat.size} bytes; at most ${spec.maxBytes} are allowed`);
      return undefined;
    }
    bytes = readFileSync(path);
  } catch (err) {
    const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
    read.fail(`${name}: cannot read ${path} (${reason})`);
    return undefined;
  }
  if (!looksLike(extension, bytes)) {
    read.fail(`${name}: ${path} is not a valid ${extension} file`);
    return undefined;
  }
  return Object.freeze({ path, contentType: CONTENT_TYPES[extension]! });
}

function isLinkUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.protocol === 'mailto:') return url.pathname.includes('@');
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
