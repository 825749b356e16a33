/**
 * The system packages `pnpm test` drives, and how they get onto the machine. Chromium is required
 * (the browser e2e suite, tests/playwright.config.ts); Caddy is what the HTTPS e2e (tests/caddy) runs,
 * and that test is skipped where it is missing. We use Debian's packages, not downloaded builds: the
 * build machine reaches only the package mirrors, and distro packages get security updates.
 *
 * Missing packages are installed when that needs no password (root, or passwordless sudo) and apt-get
 * exists: one `apt-get update`, one `apt-get install` (each package alone if that fails, so one
 * unavailable package does not keep out the other). Otherwise it prints exactly what to run.
 *
 * Debian's caddy package enables and starts caddy.service, whose default Caddyfile serves port 80 on
 * every interface. The test does not need it (it runs its own caddy: loopback, a free port, no port-80
 * listener, no admin endpoint), and a test run should not leave a web server behind. So the unit is
 * masked while the package installs — the postinst's start then fails harmlessly, and
 * deb-systemd-helper leaves masks it did not make alone — then unmasked and disabled.
 */
export interface Requirement {
  name: string;
  path: string;
  /** Arguments that make the program print its version and exit 0. */
  versionArgs: string[];
  /** Whether `pnpm test` cannot run without it (otherwise its test skips). */
  required: boolean;
  neededFor: string;
}

export const REQUIREMENTS: readonly Requirement[] = [
  {
    name: 'chromium',
    path: '/usr/bin/chromium',
    versionArgs: ['--version'],
    required: true,
    neededFor: 'the browser end-to-end tests need it',
  },
  {
    name: 'caddy',
    path: '/usr/bin/caddy',
    versionArgs: ['version'],
    required: false,
    neededFor: 'the Caddy HTTPS test (tests/caddy) is skipped without it',
  },
];

/** The machine, as far as this needs it; scripts/ensure-test-deps.ts passes the real one. */
export interface System {
  /** The version line of an installed program, or undefined when it is missing or does not run. */
  version(req: Requirement): string | undefined;
  hasCommand(cmd: string): boolean;
  /** The prefix that runs a command as root without a password ([] for root), or undefined. */
  rootPrefix(): string[] | undefined;
  /** Runs a command with inherited stdio; true when it exits 0. */
  run(argv: string[]): boolean;
  log(line: string): void;
  /** Problems and instructions (stderr). */
  warn(line: string): void;
}

const TAG = 'ensure-test-deps:';

function instructions(sys: System, missing: readonly Requirement[], reason: string): void {
  sys.warn(`${TAG} ${reason}`);
  for (const req of missing) sys.warn(`${TAG} missing ${req.name} (${req.path}): ${req.neededFor}`);
  if (!sys.hasCommand('apt-get')) {
    sys.warn(
      `Install ${missing.map((r) => `${r.name} as ${r.path}`).join(' and ')} with this system's package manager.`,
    );
    return;
  }
  const names = missing.map((r) => r.name).join(' ');
  const lines = [`sudo apt-get update && sudo apt-get install ${names}`];
  if (missing.some((r) => r.name === 'caddy')) {
    lines.push('sudo systemctl disable --now caddy   # the test runs its own caddy; the service is not needed');
  }
  sys.warn(`Install with:\n\n${lines.map((l) => `    ${l}`).join('\n')}\n`);
}

/** Makes sure every requirement is there; returns the exit code (1 when a required one is missing). */
export function ensureTestDeps(sys: System, requirements: readonly Requirement[] = REQUIREMENTS): number {
  const missing: Requirement[] = [];
  for (const req of requirements) {
    const found = sys.version(req);
    if (found === undefined) missing.push(req);
    else sys.log(`${TAG} ${req.name}: ${found} at ${req.path}`);
  }
  if (missing.length === 0) return 0;
  const code = (still: readonly Requirement[]) => (still.some((r) => r.required) ? 1 : 0);

  if (!sys.hasCommand('apt-get')) {
    instructions(sys, missing, 'apt-get is not available on this system.');
    return code(missing);
  }
  const prefix = sys.rootPrefix();
  if (prefix === undefined) {
    instructions(sys, missing, 'installing needs root, and there is no passwordless sudo.');
    return code(missing);
  }
  const run = (argv: string[]) => sys.run([...prefix, ...argv]);
  const names = missing.map((r) => r.name);
  sys.log(`${TAG} installing the Debian package${names.length > 1 ? 's' : ''} ${names.join(' and ')}`);
  if (!run(['apt-get', 'update'])) {
    instructions(sys, missing, 'apt-get update failed.');
    return code(missing);
  }

  const guardCaddy = names.includes('caddy') && sys.hasCommand('systemctl');
  if (guardCaddy && !run(['systemctl', 'mask', 'caddy.service'])) {
    sys.warn(`${TAG} could not mask caddy.service; it may start until it is disabled below`);
  }
  // DEBIAN_FRONTEND must reach apt-get itself; sudo resets the environment, so pass it as an argument.
  const install = (pkgs: string[]) =>
    run(['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', ...pkgs]);
  try {
    if (!install(names) && names.length > 1) for (const name of names) install([name]);
  } finally {
    if (guardCaddy) {
      run(['systemctl', 'unmask', 'caddy.service']);
      // Stops it too, should it have started after all; offline (no systemd running) it only disables.
      if (!run(['systemctl', 'disable', '--now', 'caddy.service'])) run(['systemctl', 'disable', 'caddy.service']);
    }
  }

  const still = missing.filter((req) => {
    const found = sys.version(req);
    if (found !== undefined) sys.log(`${TAG} installed ${req.name}: ${found}`);
    return found === undefined;
  });
  if (still.length > 0) instructions(sys, still, 'apt-get did not install everything.');
  return code(still);
}
