/**
 * The built app (web/build, `pnpm run build`) holds the English catalogue's words only in the English
 * catalogue chunks — no component or module kept its own copy. Each English message is cut at its
 * placeholders into fragments; every fragment of four words or more must appear only in a chunk that
 * carries the catalogue's `$comment`. Skipped, saying so, when there is no build or it is older than
 * the sources (a stale build would test old code).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AREAS } from './paraglide-options.ts';

const web = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const build = path.join(web, 'build', '_app', 'immutable');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : [],
  );
}

/** Newest modification time under `dir` (generated catalogues excluded). */
function newest(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'paraglide' ? max : Math.max(max, newest(full));
    return Math.max(max, statSync(full).mtimeMs);
  }, 0);
}

const stamp = path.join(web, 'build', '_app', 'version.json');
const skip = !existsSync(stamp)
  ? 'web/build is missing'
  : statSync(stamp).mtimeMs < Math.max(newest(path.join(web, 'src')), newest(path.join(web, 'messages')))
    ? 'web/build is older than web/src or web/messages'
    : undefined;

type Entry = string | { match: Record<string, string> }[];

function englishFragments(): { marker: string; fragments: string[] } {
  const fragments: string[] = [];
  let marker = '';
  for (const area of AREAS) {
    const en = JSON.parse(readFileSync(path.join(web, 'messages', area, 'en.json'), 'utf8')) as Record<string, Entry>;
    marker = String(en['$comment']);
    for (const [key, entry] of Object.entries(en)) {
      if (key.startsWith('$')) continue;
      const patterns = typeof entry === 'string' ? [entry] : entry.flatMap((v) => Object.values(v.match));
      for (const p of patterns) {
        for (const part of p.split(/\{[^}]*\}/)) if (part.trim().split(/\s+/).length >= 4) fragments.push(part.trim());
      }
    }
  }
  return { marker, fragments };
}

describe.skipIf(skip !== undefined)('the built app', () => {
  it('keeps English words only in the English catalogue chunks', () => {
    const { marker, fragments } = englishFragments();
    const chunks = jsFiles(build).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    const catalogues = chunks.filter((c) => c.text.includes(marker));
    expect(catalogues.length).toBeGreaterThan(0);
    // The search must be able to find them at all: nearly every fragment is in a catalogue chunk.
    const inCatalogues = fragments.filter((f) => catalogues.some((c) => c.text.includes(f)));
    expect(inCatalogues.length).toBeGreaterThan(fragments.length * 0.9);
    const stray = chunks
      .filter((c) => !c.text.includes(marker))
      .flatMap((c) => fragments.filter((f) => c.text.includes(f)).map((f) => `${path.basename(c.file)}: ${f}`));
    expect(stray).toEqual([]);
  });
});

if (skip) console.warn(`bundle-english.test.ts: skipped, ${skip} (run \`pnpm run build\`)`);
