#!/usr/bin/env node
/**
 * Entry point of the npm package (cli/dist/zkpush.mjs, bundled by scripts/build-npm.ts; the package's
 * `bin`). It checks the Node version first, in code every Node parses, and only then loads the CLI,
 * which esbuild puts in a chunk of its own; `serve` learns where the package keeps its web app
 * (dist/web, beside this file).
 */
import { fileURLToPath } from 'node:url';
import pkg from '../../cli/package.json' with { type: 'json' };

const required = Number(/^>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= required)) {
  process.stderr.write(`zkpush: needs Node.js ${required} or newer (this is ${process.version})\n`);
  process.exit(1);
}
const { runCli } = await import('zkpush/main');
process.exitCode = await runCli(process.argv.slice(2), { webDir: fileURLToPath(new URL('web', import.meta.url)) });
