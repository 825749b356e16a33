import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import { bundledPackages, licensesText, packageDirOf } from './licenses.ts';

const root = mkdtempSync(join(tmpdir(), 'zkpush-licenses-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fakePackage(dir: string, manifest: object, licenseFile?: string): void {
  mkdirSync(join(root, dir, 'dist'), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  if (licenseFile !== undefined) writeFileSync(join(root, dir, licenseFile), `Copyright ${String(Math.PI)}\n`);
}

function metafileOf(inputs: string[]): Metafile {
  return { inputs: Object.fromEntries(inputs.map((path) => [path, { bytes: 1, imports: [] }])), outputs: {} };
}

describe('packageDirOf', () => {
  test('the package directory of a file under node_modules, scoped or not, through pnpm’s store', () => {
    expect(packageDirOf('node_modules/.pnpm/hono@4.1.0/node_modules/hono/dist/index.js')).toBe(
      'node_modules/.pnpm/hono@4.1.0/node_modules/hono',
    );
    expect(packageDirOf('node_modules/.pnpm/@noble+hashes@2.4.0/node_modules/@noble/hashes/sha2.js')).toBe(
      'node_modules/.pnpm/@noble+hashes@2.4.0/node_modules/@noble/hashes',
    );
    expect(packageDirOf('api/node_modules/kysely/index.js')).toBe('api/node_modules/kysely');
  });

  test('first-party files and bare directories are not packages', () => {
    expect(packageDirOf('cli/src/main.ts')).toBeUndefined();
    expect(packageDirOf('node_modules/@scope')).toBeUndefined();
    expect(packageDirOf('node_modules/')).toBeUndefined();
  });
});

describe('bundledPackages', () => {
  test('one entry per package with its licence file, sorted; first-party inputs are left out', () => {
    fakePackage('node_modules/zeta', { name: 'zeta', version: '1.0.0', license: 'MIT' }, 'LICENSE');
    fakePackage('node_modules/@a/b', { name: '@a/b', version: '2.0.0' }, 'LICENCE.md');
    const packages = bundledPackages(
      metafileOf([
        'node_modules/zeta/dist/x.js',
        'node_modules/zeta/dist/y.js',
        'node_modules/@a/b/dist/z.js',
        'cli/src/main.ts',
      ]),
      root,
    );
    expect(packages.map((p) => [p.name, p.version, p.license])).toEqual([
      ['@a/b', '2.0.0', 'see below'],
      ['zeta', '1.0.0', 'MIT'],
    ]);
    expect(licensesText(packages)).toContain('zeta 1.0.0 (MIT)\n\nCopyright 3.14');
  });

  test('a bundled package without a licence file stops the build', () => {
    fakePackage('node_modules/bare', { name: 'bare', version: '0.0.1' });
    expect(() => bundledPackages(metafileOf(['node_modules/bare/dist/x.js']), root)).toThrow(/bare ships no LICENSE/);
  });
});
