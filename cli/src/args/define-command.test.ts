import { describe, expect, test } from 'vitest';
import { EXIT, fail } from '../runtime/exit-codes.ts';
import { fakeContext } from '../testing/context.ts';
import { defineCommand } from './define-command.ts';
import { COMMON_OPTIONS } from './parse.ts';

const OPTIONS = { ...COMMON_OPTIONS, json: { type: 'boolean' } } as const;

const calls: unknown[] = [];
const example = defineCommand({
  name: 'example',
  options: OPTIONS,
  help: 'Usage: zkpush example\n',
  positionals: 1,
  run: async ({ values, positionals }, ctx, code?: number) => {
    calls.push({ values, positionals });
    if (code !== undefined) return code;
    if (values.json) return { kind: 'fail', failure: fail(EXIT.notFound, 'not found') };
    ctx.stdout.write('ran\n');
    return { kind: 'ok' };
  },
});

describe('defineCommand', () => {
  test('runs the command with its parsed arguments', async () => {
    const ctx = fakeContext();
    expect(await example(['x', '-s', 'http://h'], ctx)).toBe(EXIT.ok);
    expect(ctx.stdoutText()).toBe('ran\n');
    expect(calls.at(-1)).toEqual({ values: { server: 'http://h' }, positionals: ['x'] });
  });

  test('--help prints the help on stdout and runs nothing', async () => {
    const ctx = fakeContext();
    const before = calls.length;
    expect(await example(['--help', 'a', 'b'], ctx)).toBe(EXIT.ok);
    expect(ctx.stdoutText()).toBe('Usage: zkpush example\n');
    expect(calls.length).toBe(before);
  });

  test('a parse error or too many arguments is a usage failure on stderr', async () => {
    const unknown = fakeContext();
    expect(await example(['--nope'], unknown)).toBe(EXIT.usage);
    expect(unknown.stderrText()).toMatch(/^zkpush: Unknown option '--nope'/);
    const extra = fakeContext();
    expect(await example(['a', 'b'], extra)).toBe(EXIT.usage);
    expect(extra.stderrText()).toBe('zkpush: example takes one argument, got 2 (see zkpush example --help)\n');
  });

  test('a failure is reported with its exit code; a number is passed through', async () => {
    const ctx = fakeContext();
    expect(await example(['--json'], ctx)).toBe(EXIT.notFound);
    expect(ctx.stderrText()).toBe('zkpush: not found\n');
    const quiet = fakeContext();
    expect(await example([], quiet, EXIT.server)).toBe(EXIT.server);
    expect(quiet.stderrText()).toBe('');
  });
});
