/**
 * `node scripts/ensure-chromium.ts` — make sure the browser the e2e suite drives (Debian's
 * /usr/bin/chromium, see tests/playwright.config.ts) is installed before `pnpm test` gets to it.
 *
 * We use the distribution's Chromium instead of Playwright's downloaded builds: the build machine only
 * reaches the package mirrors, and a distro package gets security updates with the rest of the system.
 * Installs only when it can do so without a password (root, or passwordless sudo) and apt-get exists;
 * otherwise it says exactly what to run and exits 1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const CHROMIUM = '/usr/bin/chromium';
const INSTALL_HINT = 'sudo apt-get install chromium';

function version(): string | undefined {
  if (!existsSync(CHROMIUM)) return undefined;
  const r = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) return undefined;
  // The Debian launcher script may print shell noise on stderr; the version is on stdout.
  return r.stdout.trim() || 'unknown version';
}

function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** The prefix that runs a command as root without asking for a password, or undefined if none. */
function rootPrefix(): string[] | undefined {
  if (process.getuid?.() === 0) return [];
  if (hasCommand('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return undefined;
}

function run(prefix: string[], args: string[]): boolean {
  const [cmd, ...rest] = [...prefix, ...args];
  console.log(`$ ${[cmd, ...rest].join(' ')}`);
  const r = spawnSync(cmd!, rest, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return r.status === 0;
}

function fail(message: string): never {
  console.error(`ensure-chromium: ${message}`);
  console.error(`The end-to-end tests need Chromium at ${CHROMIUM}. Install it with:\n\n    ${INSTALL_HINT}\n`);
  process.exit(1);
}

const found = version();
if (found !== undefined) {
  console.log(`ensure-chromium: ${found} at ${CHROMIUM}`);
  process.exit(0);
}

if (!hasCommand('apt-get')) fail(`${CHROMIUM} is missing and apt-get is not available on this system.`);
const prefix = rootPrefix();
if (prefix === undefined) fail(`${CHROMIUM} is missing and installing it needs root (no passwordless sudo).`);

console.log(`ensure-chromium: ${CHROMIUM} not found; installing the Debian chromium package`);
if (!run(prefix, ['apt-get', 'update'])) fail('apt-get update failed.');
// DEBIAN_FRONTEND must reach apt-get itself; `sudo` resets the environment, so pass it as an argument.
const env = prefix.length > 0 ? ['env', 'DEBIAN_FRONTEND=noninteractive'] : [];
if (!run(prefix, [...env, 'apt-get', 'install', '-y', 'chromium'])) {
  fail('apt-get install chromium failed.');
}

const installed = version();
if (installed === undefined) fail(`apt-get reported success but ${CHROMIUM} still does not run.`);
console.log(`ensure-chromium: installed ${installed}`);
