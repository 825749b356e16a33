/**
 * Guards the shape of web/src: no import circles (type-only imports count — they tie modules together
 * just the same), and the generic components in lib/ui/ import no feature folder, so any feature can
 * use them. Imports are read with a regex from every .ts and .svelte file, which is enough for this
 * code base's one-import-per-statement style.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.dirname(fileURLToPath(import.meta.url));
const lib = path.join(src, 'lib');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|svelte)$/.test(entry.name) ? [full] : [];
  });
}

/** `from '…'`, `import '…'`, `import('…')` and `new URL('…', import.meta.url)` (worker entries). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\bnew URL\(\s*)['"]([^'"]+)['"]/g;

/** The files under web/src that `file` imports (package imports such as 'svelte' are left out). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1]!;
    if (spec.startsWith('#lib/')) found.push(path.join(lib, spec.slice('#lib/'.length)));
    else if (spec.startsWith('.')) found.push(path.resolve(path.dirname(file), spec));
  }
  return found;
}

const files = sourceFiles(src);
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const name = (file: string) => path.relative(src, file);

/** Every cycle found by a depth-first walk, each as the chain of files that closes it. */
function cycles(): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (file: string) => {
    const at = onPath.indexOf(file);
    if (at >= 0) {
      found.push([...onPath.slice(at), file].map(name));
      return;
    }
    if (done.has(file)) return;
    onPath.push(file);
    for (const next of graph.get(file) ?? []) visit(next);
    onPath.pop();
    done.add(file);
  };
  for (const file of files) visit(file);
  return found;
}

describe('web/src imports', () => {
  it('resolve to files that exist', () => {
    const known = new Set(files.map(name));
    const missing = [...graph].flatMap(([file, targets]) =>
      targets.filter((t) => /\.(ts|svelte)$/.test(t) && !known.has(name(t))).map((t) => `${name(file)} -> ${name(t)}`),
    );
    expect(missing).toEqual([]);
  });

  it('form no circles', () => {
    expect(cycles()).toEqual([]);
  });

  it('keep lib/ui free of feature folders', () => {
    const ui = path.join(lib, 'ui') + path.sep;
    const styles = path.join(lib, 'styles') + path.sep;
    const crossing = [...graph]
      .filter(([file]) => file.startsWith(ui))
      .flatMap(([file, targets]) =>
        targets
          .filter(
            (t) =>
              t.startsWith(lib + path.sep) && path.dirname(t) !== lib && !t.startsWith(ui) && !t.startsWith(styles),
          )
          .map((t) => `${name(file)} -> ${name(t)}`),
      );
    expect(crossing).toEqual([]);
  });

  it('are read at all (the walk sees the app)', () => {
    expect(graph.get(path.join(lib, 'create', 'CreatePage.svelte'))).toContain(path.join(lib, 'api.ts'));
  });
});
