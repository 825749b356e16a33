/**
 * The `zkpush` npm package's `prepack` step: `pnpm --filter zkpush pack` and `pnpm --filter zkpush
 * publish` run it (in cli/) before they take the files. It writes cli/dist, which is all the package
 * holds besides package.json and README.md (its `files`):
 *
 *   dist/zkpush.mjs                the command (publishConfig.bin): Node version check, then the CLI
 *   dist/chunks/*.mjs              the CLI and the server, shared/ and api/ inlined — those workspace
 *                                  packages are private and never published (scripts/npm/bundle.ts)
 *   dist/web/                      the built web app (web/build), which `zkpush serve` serves
 *   dist/THIRD-PARTY-LICENSES.txt  the licences of the bundled packages (scripts/npm/licenses.ts)
 *
 * better-sqlite3 is not bundled; it is the package's one dependency. Run after `pnpm build`, like
 * scripts/build-sea.ts: web/build is reused as it is. In the workspace, bin/zkpush.js keeps running
 * the TypeScript sources; only the packed manifest points `bin` at the bundle (pnpm applies
 * `publishConfig.bin`, and rewrites `workspace:` specifiers, when it packs). npm does neither, so
 * this step refuses to run under npm.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliPkg from '../cli/package.json' with { type: 'json' };
import { bundleNpm, unexpectedExternals } from './npm/bundle.ts';
import { bundledPackages, licensesText } from './npm/licenses.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'cli', 'dist');
const webBuild = join(root, 'web', 'build');

function step(text: string): void {
  console.log(`build-npm: ${text}`);
}

function stop(text: string): never {
  console.error(`build-npm: ${text}`);
  process.exit(1);
}

const agent = process.env['npm_config_user_agent'];
if (agent !== undefined && !agent.startsWith('pnpm/')) {
  stop(
    'pack and publish the zkpush package with pnpm (`pnpm --filter zkpush publish`): other clients keep ' +
      'the `workspace:` specifiers and ignore publishConfig.bin, which would publish a broken package',
  );
}
if (!existsSync(join(webBuild, 'index.html'))) stop(`${webBuild} has no index.html: run \`pnpm build\` first`);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const bundled = await bundleNpm(join(root, 'scripts', 'npm', 'entry.ts'), dist, root);
for (const warning of bundled.warnings) console.warn(`build-npm: esbuild warning: ${warning}`);
const strays = unexpectedExternals(bundled.metafile);
if (strays.length > 0) stop(`the bundle imports ${strays.join(', ')} at run time, which the package does not ship`);
const bytes = Object.values(bundled.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
step(`bundled the CLI and server into ${(bytes / 1024).toFixed(0)} KiB of JavaScript`);

const packages = bundledPackages(bundled.metafile, root);
writeFileSync(join(dist, 'THIRD-PARTY-LICENSES.txt'), licensesText(packages));
step(`wrote the licences of ${packages.length} bundled packages`);

cpSync(webBuild, join(dist, 'web'), { recursive: true });
step('copied the web app (web/build) to dist/web');

const version = execFileSync(process.execPath, [join(dist, 'zkpush.mjs'), '--version'], { encoding: 'utf8' }).trim();
if (version !== cliPkg.version) stop(`dist/zkpush.mjs --version printed "${version}", expected "${cliPkg.version}"`);
step(`dist/zkpush.mjs runs: zkpush ${version} on Node ${process.version}`);
