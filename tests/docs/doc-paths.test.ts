/**
 * The documentation names files of the tree (README's layout, ARCHITECTURE.md's journeys, docs/*'s
 * "see api/src/…" pointers). When code moves, those names rot silently; this test fails naming each
 * path written in backticks that no longer exists, so a move and its docs land together
 * (ARCHITECTURE.md: "keep it true").
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Paths that exist only after a build or at run time, never in a fresh clone. */
const GENERATED = [/^web\/build\b/, /^(?:cli\/)?dist\b/, /^api\/data\b/, /^web\/\.svelte-kit\b/];

const PACKAGE_PATH = /^(?:api|web|cli|shared|tests|scripts|docs)\/[\w./[\]+@-]*$/;

function documents(): string[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join('docs', name));
  return ['README.md', 'ARCHITECTURE.md', ...docs].filter((path) => existsSync(join(root, path)));
}

/** Every `code span` in a document that reads as a path inside one of the packages. */
export function namedPaths(markdown: string): string[] {
  const found = new Set<string>();
  for (const match of markdown.matchAll(/`([^`\n]+)`/g)) {
    const span = (match[1] ?? '').trim().replace(/:\d+(?:-\d+)?$/, '');
    if (!PACKAGE_PATH.test(span) || span.includes('*') || span.includes('…')) continue;
    found.add(span.replace(/\/$/, ''));
  }
  return [...found];
}

describe('paths named in the documentation', () => {
  it('finds paths in code spans, ignoring line suffixes and globs', () => {
    expect(namedPaths('see `api/src/app.ts:12`, `web/src/lib/*.ts` and `node x`')).toEqual(['api/src/app.ts']);
  });

  for (const document of documents()) {
    it(`${document} names only files and folders that exist`, () => {
      const text = readFileSync(join(root, document), 'utf8');
      const missing = namedPaths(text).filter(
        (path) => !GENERATED.some((pattern) => pattern.test(path)) && !existsSync(join(root, path)),
      );
      expect(missing).toEqual([]);
    });
  }
});
