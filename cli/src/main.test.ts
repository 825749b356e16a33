import { describe, expect, test } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { EXIT } from './runtime/exit-codes.ts';
import { main, VERSION } from './main.ts';
import { fakeContext } from './testing/context.ts';

async function run(...argv: string[]) {
  const ctx = fakeContext();
  const code = await main(argv, ctx);
  return { code, stdout: ctx.stdoutText(), stderr: ctx.stderrText() };
}

describe('main', () => {
  test('--version and -V print the package version on stdout', async () => {
    expect(VERSION).toBe(pkg.version);
    expect(await run('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect((await run('-V')).stdout).toBe(`${pkg.version}\n`);
  });

  test('--help, -h and help go to stdout with exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const result = await run(...argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: zkpush <command>');
    }
  });

  test('help for each command: "<cmd> --help", "<cmd> -h" and "help <cmd>"', async () => {
    for (const cmd of ['push', 'open', 'meta', 'delete', 'events', 'serve']) {
      const usage = `Usage: zkpush ${cmd} `;
      expect((await run(cmd, '--help')).stdout).toContain(usage);
      expect((await run(cmd, '-h')).stdout).toContain(usage);
      expect(await run('help', cmd)).toMatchObject({ code: 0, stdout: expect.stringContaining(usage) });
    }
  });

  test('no arguments: help on stderr, usage exit', async () => {
    expect(await run()).toMatchObject({ code: EXIT.usage, stdout: '', stderr: expect.stringContaining('Commands:') });
  });

  test('an unknown command is refused without echoing it (it may be a pasted link)', async () => {
    const link = 'https://h/s/AAECAwQFBgcICQoLDA0ODw#AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';
    const result = await run(link);
    expect(result).toEqual({ code: EXIT.usage, stdout: '', stderr: 'zkpush: unknown command (see zkpush --help)\n' });
    expect((await run('--bogus')).stderr).toContain('unknown option');
    expect((await run('constructor')).code).toBe(EXIT.usage);
  });

  test('--help lists every command', async () => {
    const { stdout } = await run('--help');
    for (const cmd of ['push', 'open', 'meta', 'delete', 'events', 'serve']) expect(stdout).toContain(`\n  ${cmd} `);
  });
});
