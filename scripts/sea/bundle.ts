/**
 * Bundles the CLI and server (scripts/sea/entry.ts and everything it imports: shared/, api/, cli/,
 * Hono, kysely, valibot, noble, better-sqlite3's JavaScript) into one ES module for the single
 * executable. Node's SEA loads that module as its main script ("mainFormat": "module").
 */
import { build } from 'esbuild';

/**
 * better-sqlite3 is CommonJS and loads its addon with `require(path)`. An ES module has no `require`,
 * so the bundle gets a real one, made for the executable's own path; it only ever loads built-in
 * modules and the addon file that serve extracts (api/src/db/native-binding.ts).
 */
export const BANNER = [
  "import { createRequire as __zkpushCreateRequire } from 'node:module';",
  'const require = __zkpushCreateRequire(import.meta.url);',
].join('\n');

export interface BundleResult {
  readonly bytes: number;
  readonly warnings: readonly string[];
}

export async function bundle(entry: string, outfile: string): Promise<BundleResult> {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node26',
    banner: { js: BANNER },
    // Whitespace only: identifiers stay readable in stack traces, and V8's code cache covers parsing.
    minifyWhitespace: true,
    legalComments: 'eof',
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs)[0];
  return {
    bytes: output?.bytes ?? 0,
    warnings: result.warnings.map((w) => `${w.location?.file ?? '?'}: ${w.text}`),
  };
}
