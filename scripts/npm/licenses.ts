/**
 * THIRD-PARTY-LICENSES.txt for the npm package: the bundle carries copies of other packages' code
 * (Hono, kysely, valibot, noble…), and their licences (MIT and the like) ask that the copyright and
 * licence text travel with every copy. The list comes from esbuild's metafile — exactly the packages
 * whose files went into the bundle — and each entry is the package's own LICENSE file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';

/** name, version and license of a package.json (valibot is not a dependency of the workspace root). */
function readManifest(file: string): {
  name: string;
  version: string;
  license: string | undefined;
  author: string | undefined;
} {
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const fields = new Map<string, unknown>(typeof json === 'object' && json !== null ? Object.entries(json) : []);
  const [name, version, license, author] = ['name', 'version', 'license', 'author'].map((k) => fields.get(k));
  if (typeof name !== 'string' || typeof version !== 'string') throw new Error(`${file}: no name or version`);
  return {
    name,
    version,
    license: typeof license === 'string' ? license : undefined,
    author: typeof author === 'string' ? author : undefined,
  };
}

/** The MIT licence's text (opensource.org/license/mit), for a package that declares MIT but ships no file. */
const MIT_TEXT = `Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction, including
without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is furnished to do so, subject to the
following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO
EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE
USE OR OTHER DEALINGS IN THE SOFTWARE.`;

/** A package without a licence file: its declared MIT licence, with its author as copyright holder. */
function declaredLicence(manifest: ReturnType<typeof readManifest>, dir: string): string {
  if (manifest.license !== 'MIT' || manifest.author === undefined) {
    throw new Error(`${manifest.name} ships no LICENSE file (${dir})`);
  }
  return `(The package ships no licence file; its package.json declares MIT, author ${manifest.author}.)\n\nCopyright (c) ${manifest.author}\n\n${MIT_TEXT}`;
}

export interface BundledPackage {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** The package's LICENSE (or LICENCE, COPYING) file, as it ships. */
  readonly text: string;
}

/** `node_modules/.pnpm/x@1/node_modules/@scope/name/dist/a.js` → `node_modules/.pnpm/x@1/node_modules/@scope/name`. */
export function packageDirOf(input: string): string | undefined {
  const marker = 'node_modules/';
  const at = input.lastIndexOf(marker);
  if (at < 0) return undefined;
  const parts = input.slice(at + marker.length).split('/');
  const length = parts[0]?.startsWith('@') ? 2 : 1;
  if (parts.length <= length) return undefined;
  return input.slice(0, at + marker.length) + parts.slice(0, length).join('/');
}

/** The packages from node_modules whose files esbuild bundled (metafile paths relative to `workingDir`). */
export function bundledPackages(metafile: Metafile, workingDir: string): BundledPackage[] {
  const dirs = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const dir = packageDirOf(input);
    if (dir !== undefined) dirs.add(join(workingDir, dir));
  }
  const packages = [...dirs].map((dir): BundledPackage => {
    const manifest = readManifest(join(dir, 'package.json'));
    const file = readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    return {
      name: manifest.name,
      version: manifest.version,
      license: manifest.license ?? 'see below',
      text: file === undefined ? declaredLicence(manifest, dir) : readFileSync(join(dir, file), 'utf8').trim(),
    };
  });
  return packages.sort((a, b) => a.name.localeCompare(b.name));
}

export function licensesText(packages: readonly BundledPackage[]): string {
  const head = 'zkpush bundles the following packages into dist/zkpush.mjs and dist/chunks/. Their licences:\n';
  const sections = packages.map((p) => `${'='.repeat(78)}\n${p.name} ${p.version} (${p.license})\n\n${p.text}\n`);
  return [head, ...sections].join('\n');
}
