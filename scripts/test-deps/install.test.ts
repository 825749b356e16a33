import { describe, expect, test } from 'vitest';
import { ensureTestDeps, REQUIREMENTS, type System } from './install.ts';

interface Machine {
  installed?: string[];
  /** Packages apt-get can install; default: all. */
  available?: string[];
  apt?: boolean;
  systemctl?: boolean;
  prefix?: string[] | undefined;
  failing?: string[];
}

/** A fake machine: apt-get installs what is available, everything else is recorded. */
function machine(options: Machine) {
  const installed = new Set(options.installed ?? []);
  const commands: string[] = [];
  const out: string[] = [];
  const err: string[] = [];
  const sys: System = {
    version: (req) => (installed.has(req.name) ? `${req.name} 1.0` : undefined),
    hasCommand: (cmd) =>
      cmd === 'apt-get' ? options.apt !== false : cmd === 'systemctl' ? options.systemctl !== false : true,
    rootPrefix: () => ('prefix' in options ? options.prefix : []),
    run: (argv) => {
      const line = argv.join(' ');
      commands.push(line);
      if (options.failing?.some((f) => line.includes(f))) return false;
      const at = argv.indexOf('-y');
      if (at < 0) return true;
      const pkgs = argv.slice(at + 1);
      if (pkgs.some((p) => !(options.available ?? ['chromium', 'caddy']).includes(p))) return false;
      for (const p of pkgs) installed.add(p);
      return true;
    },
    log: (line) => void out.push(line),
    warn: (line) => void err.push(line),
  };
  return { sys, commands, out, err: () => err.join('\n') };
}

const INSTALL = 'env DEBIAN_FRONTEND=noninteractive apt-get install -y';

describe('ensureTestDeps', () => {
  test('nothing to do when both are there', () => {
    const m = machine({ installed: ['chromium', 'caddy'] });
    expect(ensureTestDeps(m.sys)).toBe(0);
    expect(m.commands).toEqual([]);
    expect(m.out).toEqual([
      'ensure-test-deps: chromium: chromium 1.0 at /usr/bin/chromium',
      'ensure-test-deps: caddy: caddy 1.0 at /usr/bin/caddy',
    ]);
  });

  test('both missing, as root: one update, one install, caddy.service masked during it, then disabled', () => {
    const m = machine({});
    expect(ensureTestDeps(m.sys)).toBe(0);
    expect(m.commands).toEqual([
      'apt-get update',
      'systemctl mask caddy.service',
      `${INSTALL} chromium caddy`,
      'systemctl unmask caddy.service',
      'systemctl disable --now caddy.service',
    ]);
    expect(m.err()).toBe('');
  });

  test('with passwordless sudo, every command goes through it; only chromium missing: no systemctl', () => {
    const m = machine({ installed: ['caddy'], prefix: ['sudo', '-n'] });
    expect(ensureTestDeps(m.sys)).toBe(0);
    expect(m.commands).toEqual(['sudo -n apt-get update', `sudo -n ${INSTALL} chromium`]);
  });

  test('an unavailable caddy package does not keep chromium out; the caddy test then skips', () => {
    const m = machine({ available: ['chromium'] });
    expect(ensureTestDeps(m.sys)).toBe(0);
    expect(m.commands).toContain(`${INSTALL} chromium`);
    expect(m.commands).toContain(`${INSTALL} caddy`);
    expect(m.commands.at(-1)).toMatch(/^systemctl disable/);
    expect(m.err()).toContain(
      'missing caddy (/usr/bin/caddy): the Caddy HTTPS test (tests/caddy) is skipped without it',
    );
  });

  test('without root: exactly what to install, exit 1 while chromium is missing', () => {
    const m = machine({ prefix: undefined });
    expect(ensureTestDeps(m.sys)).toBe(1);
    expect(m.commands).toEqual([]);
    expect(m.err()).toContain('    sudo apt-get update && sudo apt-get install chromium caddy\n');
    expect(m.err()).toContain('    sudo systemctl disable --now caddy');
    const onlyCaddy = machine({ installed: ['chromium'], prefix: undefined });
    expect(ensureTestDeps(onlyCaddy.sys)).toBe(0);
    expect(onlyCaddy.err()).toContain('sudo apt-get install caddy\n');
  });

  test('no apt-get: names the programs and paths', () => {
    const m = machine({ apt: false });
    expect(ensureTestDeps(m.sys)).toBe(1);
    expect(m.err()).toContain('Install chromium as /usr/bin/chromium and caddy as /usr/bin/caddy');
  });

  test('a failed update installs nothing; no systemctl on the machine: no masking', () => {
    const failed = machine({ failing: ['apt-get update'] });
    expect(ensureTestDeps(failed.sys)).toBe(1);
    expect(failed.commands).toEqual(['apt-get update']);
    const noSystemd = machine({ systemctl: false });
    expect(ensureTestDeps(noSystemd.sys)).toBe(0);
    expect(noSystemd.commands).toEqual(['apt-get update', `${INSTALL} chromium caddy`]);
  });

  test('caddy.service is unmasked even when apt-get fails', () => {
    const m = machine({ available: [] });
    expect(ensureTestDeps(m.sys)).toBe(1);
    expect(m.commands).toContain('systemctl unmask caddy.service');
  });

  test('the requirements are Debian’s chromium and caddy', () => {
    expect(REQUIREMENTS.map((r) => [r.name, r.path, r.required])).toEqual([
      ['chromium', '/usr/bin/chromium', true],
      ['caddy', '/usr/bin/caddy', false],
    ]);
  });
});
