/**
 * Bundles the npm package's code (scripts/npm/entry.ts and everything it reaches: cli/, api/, shared/,
 * Hono, kysely, valibot, noble) with esbuild into ES modules under `outdir`. Unlike the single
 * executable's bundle (scripts/sea/bundle.ts) this one is split: the entry stays tiny (the Node version
 * check), and the modules behind dynamic imports — the CLI, and the server that only `serve` loads —
 * become chunks, so `push` and `open` never load SQLite. better-sqlite3 is left out: it is a native
 * addon that finds its prebuilt binary relative to its own files, so it stays a real dependency,
 * resolved from the installed package's node_modules.
 */
import { builtinModules } from 'node:module';
import { build, type Metafile } from 'esbuild';
import { BANNER } from '../sea/bundle.ts';

/** The one package the bundle imports from node_modules; the package's only runtime dependency. */
export const RUNTIME_DEPENDENCY = 'better-sqlite3';

export interface NpmBundle {
  readonly metafile: Metafile;
  readonly warnings: readonly string[];
}

export async function bundleNpm(entry: string, outdir: string, workingDir: string): Promise<NpmBundle> {
  const result = await build({
    absWorkingDir: workingDir,
    entryPoints: { zkpush: entry },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node26',
    external: [RUNTIME_DEPENDENCY],
    banner: { js: BANNER },
    minifyWhitespace: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'silent',
  });
  return { metafile: result.metafile, warnings: result.warnings.map((w) => `${w.location?.file ?? '?'}: ${w.text}`) };
}

/**
 * Imports left in the bundle that are never reached: pg's `lib/native` requires the optional
 * `pg-native` addon inside a try (esbuild keeps such a require as it is), and only when a program asks
 * for `pg.native` — zkpush never does; it speaks to PostgreSQL in JavaScript.
 */
const NEVER_LOADED = new Set(['pg-native']);

/** Every import the bundle leaves to Node that is neither a built-in module nor the runtime dependency. */
export function unexpectedExternals(metafile: Metafile): string[] {
  const builtins = new Set(builtinModules);
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const { path, external } of output.imports) {
      if (!external || path.startsWith('node:') || builtins.has(path) || path === RUNTIME_DEPENDENCY) continue;
      if (NEVER_LOADED.has(path)) continue;
      found.add(path);
    }
  }
  return [...found].sort();
}
