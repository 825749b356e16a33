/**
 * `pnpm build:sea` → dist/zkpush: the whole of zkpush — CLI, server, web app, migrations and
 * better-sqlite3's native addon — in one executable, built with Node's single executable applications
 * (`node --build-sea`, Node ≥ 25.5). Run after `pnpm build` (the root script does both).
 *
 * Steps: bundle scripts/sea/entry.ts with esbuild into one ES module; list the SEA assets (web/build
 * and the addon); copy this Node binary and strip its symbol tables (about a quarter of its size; the
 * dynamic symbols native addons link against stay); write the SEA config and let Node inject the
 * blob; finally run the result once (`--version`) to prove it starts.
 *
 * Options: --no-strip keeps the symbol tables; --out FILE writes elsewhere than dist/zkpush.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import cliPkg from '../cli/package.json' with { type: 'json' };
import { sqliteAddon, webAssets } from './sea/assets.ts';
import { bundle } from './sea/bundle.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { 'no-strip': { type: 'boolean' }, out: { type: 'string' } },
  strict: true,
});
const output = resolve(values.out ?? join(root, 'dist', 'zkpush'));
const work = join(root, 'dist', 'sea');

function step(text: string): void {
  console.log(`build-sea: ${text}`);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 25 || (major === 25 && minor < 5)) {
  console.error(`build-sea: needs Node ≥ 25.5 for --build-sea (this is ${process.version}); use Node 26`);
  process.exit(1);
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
mkdirSync(dirname(output), { recursive: true });

const main = join(work, 'zkpush.mjs');
const bundled = await bundle(join(root, 'scripts', 'sea', 'entry.ts'), main);
for (const warning of bundled.warnings) console.warn(`build-sea: esbuild warning: ${warning}`);
step(`bundled the CLI and server into ${mib(bundled.bytes)} of JavaScript`);

const web = webAssets(join(root, 'web', 'build'));
const assets = { ...web, ...sqliteAddon(join(root, 'api')) };
const webBytes = (copies: boolean): number =>
  Object.entries(web)
    .filter(([key]) => /\.(br|gz)$/.test(key) === copies)
    .reduce((sum, [, file]) => sum + statSync(file).size, 0);
step(
  `embedding ${Object.keys(assets).length} assets: the web app (${(webBytes(false) / 1024).toFixed(0)} KiB, ` +
    `plus ${(webBytes(true) / 1024).toFixed(0)} KiB of brotli/gzip copies) and the SQLite addon`,
);

let executable = process.execPath;
if (!values['no-strip']) {
  executable = join(work, 'node');
  copyFileSync(process.execPath, executable);
  try {
    execFileSync('strip', ['--strip-all', executable], { stdio: 'inherit' });
    step(`stripped the Node binary: ${mib(statSync(process.execPath).size)} → ${mib(statSync(executable).size)}`);
  } catch {
    step('`strip` is not available (apt install binutils); using the Node binary as it is');
    executable = process.execPath;
  }
}

const config = {
  main,
  mainFormat: 'module',
  executable,
  output,
  disableExperimentalSEAWarning: true,
  // V8 code cache of the bundle, made at build time: start-up skips compiling it.
  useCodeCache: true,
  // NODE_OPTIONS is ignored (a stray one in a service environment must not change the server); Node
  // flags go on the command line instead: zkpush --node-options="--max-old-space-size=256" serve
  execArgvExtension: 'cli',
  assets,
};
const configFile = join(work, 'sea-config.json');
writeFileSync(configFile, JSON.stringify(config, null, 2) + '\n');
rmSync(output, { force: true });
execFileSync(process.execPath, ['--build-sea', configFile], { stdio: 'inherit' });
chmodSync(output, 0o755);

const version = execFileSync(output, ['--version'], { encoding: 'utf8' }).trim();
if (version !== cliPkg.version) {
  console.error(`build-sea: ${output} --version printed "${version}", expected "${cliPkg.version}"`);
  process.exit(1);
}
step(`${output}: ${mib(statSync(output).size)}, zkpush ${version} on Node ${process.version}`);
