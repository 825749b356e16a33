import { describe, expect, test } from 'vitest';
import { parseCommandArgs } from './parse.ts';
import { prepareArgs } from './dash-args.ts';

const OPTIONS = {
  server: { type: 'string', short: 's' },
  'owner-token': { type: 'string' },
  json: { type: 'boolean' },
} as const;
const ID = '-bcdefghijklmnopqrstuA';
const DOUBLE = '--cdefghijklmnopqrstuA';
const TOKEN = '-BCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq';

describe('arguments that start with "-"', () => {
  test('a bare id is a positional, wherever it stands', () => {
    for (const args of [[ID], ['--json', ID], [ID, '--json'], ['-s', 'http://h', ID]]) {
      const parsed = parseCommandArgs(args, OPTIONS);
      expect(parsed).toMatchObject({ kind: 'ok', value: { positionals: [ID] } });
    }
    expect(parseCommandArgs([DOUBLE], OPTIONS)).toMatchObject({ kind: 'ok', value: { positionals: [DOUBLE] } });
  });

  test('an option that takes a value takes the next argument, as getopt does', () => {
    expect(parseCommandArgs(['--owner-token', TOKEN, ID], OPTIONS)).toMatchObject({
      kind: 'ok',
      value: { values: { 'owner-token': TOKEN }, positionals: [ID] },
    });
    expect(parseCommandArgs(['-s', '-x'], OPTIONS)).toMatchObject({ kind: 'ok', value: { values: { server: '-x' } } });
    expect(parseCommandArgs(['--server', '--json'], OPTIONS)).toMatchObject({
      kind: 'ok',
      value: { values: { server: '--json' } },
    });
  });

  test('anything else still goes to parseArgs as it was', () => {
    expect(prepareArgs(['--json', '-q', '--', '-x', ID], OPTIONS).args).toEqual(['--json', '-q', '--', '-x', ID]);
    expect(parseCommandArgs([ID.slice(0, -1)], OPTIONS).kind).toBe('fail');
    expect(parseCommandArgs(['--server'], OPTIONS).kind).toBe('fail');
  });

  test('an id-shaped option name stays an option', () => {
    const long = { [DOUBLE.slice(2)]: { type: 'boolean' } } as const;
    expect(parseCommandArgs([DOUBLE], long)).toMatchObject({
      kind: 'ok',
      value: { values: { [DOUBLE.slice(2)]: true }, positionals: [] },
    });
  });
});
