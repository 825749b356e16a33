/**
 * The byte budget of the two pages people open, on the production build (issue 11): the reveal page's
 * JavaScript + CSS ≤ 40 KiB brotli, the create page's ≤ 60 KiB. Builds the web app first (`pnpm build`
 * in web/, the same build the server ships), then computes each page's files from the build itself:
 * the scripts, module preloads and stylesheets its HTML names, plus everything those modules import
 * statically (Vite's manifests) — what the browser must fetch before the page works. Code behind a
 * dynamic import() (files, passphrase, other pages) is not counted: the page loads it only when
 * needed. Sizes are those of the .br/.gz copies the server sends (web/scripts/precompress.ts).
 * Measured numbers and their history: docs/performance.md "Light pages".
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import { beforeAll, describe, expect, test } from 'vitest';
import { endChild, spawnChild } from 'zkpush/testing/spawn';

const WEB = fileURLToPath(new URL('../../web/', import.meta.url));
const BUILD = join(WEB, 'build');
const KIB = 1024;
const BUDGET = { reveal: 40 * KIB, create: 60 * KIB };

const ManifestEntry = v.object({
  file: v.string(),
  src: v.optional(v.string()),
  isDynamicEntry: v.optional(v.boolean()),
  imports: v.optional(v.array(v.string())),
  dynamicImports: v.optional(v.array(v.string())),
  css: v.optional(v.array(v.string())),
});
const Manifest = v.record(v.string(), ManifestEntry);
type Manifest = v.InferOutput<typeof Manifest>;

const MANIFESTS = [
  '.svelte-kit/output/client/.vite/manifest.json',
  '.svelte-kit/output/pages/create/.vite/manifest.json',
  '.svelte-kit/output/pages/reveal/.vite/manifest.json',
];

function readManifest(path: string): Manifest {
  return v.parse(Manifest, JSON.parse(readFileSync(join(WEB, path), 'utf8')));
}

/** `/_app/…` URLs of the scripts, module preloads and stylesheets an HTML file names. */
function htmlAssets(html: string): string[] {
  const urls = new Set<string>();
  for (const [tag] of html.matchAll(/<(?:script|link)\b[^>]*>/g)) {
    const url = /\b(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    const kind = /\brel="([^"]+)"/.exec(tag)?.[1];
    if (url === undefined || !url.startsWith('/_app/')) continue;
    if (tag.startsWith('<script') || kind === 'modulepreload' || kind === 'stylesheet') urls.add(url);
  }
  // SvelteKit's inline start script imports its entry files by URL.
  for (const [, url] of html.matchAll(/import\("(\/_app\/[^"]+)"\)/g)) urls.add(url!);
  return [...urls];
}

/** The HTML's files plus the static-import closure (JS and CSS) of every module among them. */
function pageFiles(html: string, manifests: readonly Manifest[]): string[] {
  const byFile = new Map<string, { manifest: Manifest; key: string }>();
  for (const manifest of manifests)
    for (const [key, entry] of Object.entries(manifest)) byFile.set(entry.file, { manifest, key });
  const files = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const found = byFile.get(file);
    if (found === undefined) return;
    const entry = found.manifest[found.key]!;
    for (const css of entry.css ?? []) visit(css);
    for (const key of entry.imports ?? []) {
      const imported = found.manifest[key];
      if (imported !== undefined) visit(imported.file);
    }
  };
  for (const url of htmlAssets(html)) visit(url.replace(/^\//, ''));
  return [...files].filter((f) => /\.(js|css)$/.test(f)).sort();
}

type Weight = { files: string[]; none: number; gzip: number; br: number };

/** Bytes as the server sends them: the compressed copy when the build has one, else the file. */
function weigh(files: string[]): Weight {
  const size = (file: string, suffix: string): number => {
    const copy = join(BUILD, file + suffix);
    return existsSync(copy) ? statSync(copy).size : statSync(join(BUILD, file)).size;
  };
  return {
    files,
    none: files.reduce((n, f) => n + size(f, ''), 0),
    gzip: files.reduce((n, f) => n + size(f, '.gz'), 0),
    br: files.reduce((n, f) => n + size(f, '.br'), 0),
  };
}

const report = (name: string, w: Weight, budget: number): string =>
  `${name}: ${w.files.length} files, JS + CSS ${(w.br / KIB).toFixed(1)} KiB brotli (budget ${budget / KIB} KiB), ` +
  `${(w.gzip / KIB).toFixed(1)} KiB gzip, ${(w.none / KIB).toFixed(1)} KiB uncompressed`;

let manifests: Manifest[];

beforeAll(async () => {
  // The web package's own build script, with its binaries and this Node (26) first on PATH.
  const script = v.parse(
    v.object({ scripts: v.object({ build: v.string() }) }),
    JSON.parse(readFileSync(join(WEB, 'package.json'), 'utf8')),
  ).scripts.build;
  const path = [join(WEB, 'node_modules/.bin'), dirname(process.execPath), process.env['PATH'] ?? ''].join(':');
  // Not Vitest's NODE_ENV=test: Vite and Svelte would build development code (bigger, not what ships).
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')),
  );
  const child = spawnChild('sh', ['-c', script], { cwd: WEB, env: { ...env, PATH: path }, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await endChild(child);
  if (code !== 0) throw new Error(`web build failed (exit ${code}):\n${output.slice(-4000)}`);
  manifests = MANIFESTS.map(readManifest);
}, 300_000);

describe('page weight on the production build', () => {
  test('the reveal page: JS + CSS ≤ 40 KiB brotli, every module it needs named in its HTML', () => {
    const html = readFileSync(join(BUILD, 's/200.html'), 'utf8');
    const weight = weigh(pageFiles(html, manifests));
    console.warn(report('reveal page (build/s/200.html)', weight, BUDGET.reveal));
    // The HTML itself names (script or modulepreload) every module the page needs before it works.
    const named = new Set(htmlAssets(html).map((u) => u.replace(/^\//, '')));
    expect(weight.files.filter((f) => !named.has(f))).toEqual([]);
    expect(weight.br).toBeLessThanOrEqual(BUDGET.reveal);
  });

  test('the reveal page loads file, passphrase and worker code only by dynamic import', () => {
    const reveal = manifests[2]!;
    const lazy = Object.values(reveal).filter((e) => e.isDynamicEntry === true);
    const names = lazy.map((e) => e.src ?? e.file).join(' ');
    expect(names).toMatch(/lazy-files\.ts/);
    expect(names).toMatch(/PassphrasePrompt\.svelte/);
    expect(names).toMatch(/kdf-client\.ts/);
    const html = readFileSync(join(BUILD, 's/200.html'), 'utf8');
    const loaded = new Set(pageFiles(html, manifests));
    for (const entry of lazy) expect(loaded.has(entry.file), entry.file).toBe(false);
  });

  test('the create page: JS + CSS ≤ 60 KiB brotli', () => {
    const weight = weigh(pageFiles(readFileSync(join(BUILD, 'index.html'), 'utf8'), manifests));
    console.warn(report('create page (build/index.html)', weight, BUDGET.create));
    expect(weight.br).toBeLessThanOrEqual(BUDGET.create);
  });
});
