import type { Metafile } from 'esbuild';
import { describe, expect, test } from 'vitest';
import { RUNTIME_DEPENDENCY, unexpectedExternals } from './bundle.ts';

function metafileImporting(paths: string[]): Metafile {
  const imports = paths.map((path) => ({ path, kind: 'import-statement' as const, external: true }));
  return {
    inputs: {},
    outputs: {
      'cli/dist/zkpush.mjs': { bytes: 1, inputs: {}, imports, exports: [] },
      'cli/dist/chunks/main.mjs': {
        bytes: 1,
        inputs: {},
        imports: [{ path: 'cli/dist/zkpush.mjs', kind: 'import-statement' }],
        exports: [],
      },
    },
  };
}

describe('unexpectedExternals', () => {
  test('built-in modules, with or without node:, and the runtime dependency are expected', () => {
    expect(unexpectedExternals(metafileImporting(['node:fs', 'crypto', 'node:sea', RUNTIME_DEPENDENCY]))).toEqual([]);
  });

  test('any other package left to node_modules is reported, once', () => {
    expect(unexpectedExternals(metafileImporting(['hono', 'node:fs', 'bindings', 'hono']))).toEqual([
      'bindings',
      'hono',
    ]);
  });
});
