/**
 * The last step of every vector generator (generate-v1-*.ts): frozen vectors are written once and
 * never again. When the file exists, the new build's output is only compared with it — exit 0 if this
 * build reproduces it byte for byte, 1 if not — unless `--force` is given (docs/wire-format.md §10:
 * released vectors never change).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function writeFrozenVectors(out: URL, file: { readonly vectors: readonly unknown[] }): void {
  const text = JSON.stringify(file, null, 2) + '\n';
  if (existsSync(out) && !process.argv.includes('--force')) {
    const same = readFileSync(out, 'utf8') === text;
    process.stderr.write(`${out.pathname} exists (frozen); ${same ? 'this build reproduces it' : 'NOT reproduced'}\n`);
    process.exitCode = same ? 0 : 1;
  } else {
    writeFileSync(out, text);
    process.stdout.write(`wrote ${file.vectors.length} vectors to ${out.pathname}\n`);
  }
}
