/**
 * `node scripts/ensure-test-deps.ts` — the first step of `pnpm test`: installs Debian's `chromium`
 * and `caddy` when they are missing and that needs no password, or says exactly what to install
 * (scripts/test-deps/install.ts has the rules). Exits 1 only when Chromium is still missing: without
 * Caddy the suite runs and the Caddy test says it was skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ensureTestDeps, type System } from './test-deps/install.ts';

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { stdio: 'ignore' }).status === 0;
}

const system: System = {
  version(req) {
    if (!existsSync(req.path)) return undefined;
    const r = spawnSync(req.path, req.versionArgs, { encoding: 'utf8', timeout: 30_000 });
    if (r.status !== 0) return undefined;
    // Debian's chromium launcher may print shell noise on stderr; the version is on stdout.
    return r.stdout.trim().split('\n')[0] || 'unknown version';
  },
  hasCommand,
  rootPrefix() {
    if (process.getuid?.() === 0) return [];
    if (hasCommand('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0)
      return ['sudo', '-n'];
    return undefined;
  },
  run(argv) {
    console.log(`$ ${argv.join(' ')}`);
    const [cmd, ...args] = argv;
    return spawnSync(cmd!, args, { stdio: 'inherit' }).status === 0;
  },
  log: (line) => console.log(line),
  warn: (line) => console.error(line),
};

process.exit(ensureTestDeps(system));
