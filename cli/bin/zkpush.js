#!/usr/bin/env node
// Plain-JS launcher so the check below runs on any Node: the CLI itself is TypeScript that Node runs
// by type stripping (no build step), which only Node >= 26 is tested with. This is the workspace's
// `zkpush`; the published npm package runs its bundle, dist/zkpush.mjs, instead (scripts/build-npm.ts).
if (!process.features.typescript) {
  process.stderr.write(
    `zkpush: needs Node.js 26 or newer (this is ${process.version}, without TypeScript type stripping)\n`,
  );
  process.exit(1);
}
const { runCli } = await import('../src/main.ts');
process.exitCode = await runCli();
