/**
 * Replaces a generated block of docs/performance.md — everything between
 * `<!-- NAME:begin … -->` and `<!-- NAME:end -->` — and lets prettier align the tables, so
 * `pnpm run lint` (prettier --check) stays green after a benchmark run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/server-process.ts';

export const DOC = join(REPO_ROOT, 'docs/performance.md');

export function writeDocBlock(name: string, markdown: string, path: string = DOC): void {
  const doc = readFileSync(path, 'utf8');
  const begin = doc.indexOf(`<!-- ${name}:begin`);
  const beginEnd = begin < 0 ? -1 : doc.indexOf('-->', begin);
  const end = doc.indexOf(`<!-- ${name}:end -->`);
  if (begin < 0 || beginEnd < 0 || end < beginEnd) {
    throw new Error(`${path} lacks the <!-- ${name}:begin … --> … <!-- ${name}:end --> markers`);
  }
  writeFileSync(path, doc.slice(0, beginEnd + 3) + '\n\n' + markdown + '\n\n' + doc.slice(end));
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/prettier/bin/prettier.cjs'), '--write', path], {
    cwd: REPO_ROOT,
    stdio: 'ignore',
  });
}
