import { describe, expect, test } from 'vitest';
import { EXIT } from '../../runtime/exit-codes.ts';
import { readSecret, type InputOptions } from './input.ts';
import { fakeContext, type FakeOptions } from '../../testing/context.ts';

const base: InputOptions = { argument: undefined, keepNewline: false, maxBytes: 100, quiet: false };

async function read(options: Partial<InputOptions>, ctxOptions: FakeOptions = {}) {
  const ctx = fakeContext(ctxOptions);
  return { result: await readSecret({ ...base, ...options }, ctx), stderr: ctx.stderrText() };
}

describe('readSecret', () => {
  test('an argument is taken exactly, newline and all; stdin is not read', async () => {
    expect((await read({ argument: 'a\n' }, { stdin: 'ignored' })).result).toEqual({
      kind: 'ok',
      value: { text: 'a\n', source: 'argument' },
    });
  });

  test('no argument or "-": stdin minus one trailing newline, unless keepNewline', async () => {
    expect((await read({}, { stdin: 's\n' })).result).toEqual({ kind: 'ok', value: { text: 's', source: 'stdin' } });
    expect((await read({ argument: '-' }, { stdin: 's\n' })).result).toMatchObject({ value: { text: 's' } });
    expect((await read({ keepNewline: true }, { stdin: 's\n' })).result).toMatchObject({ value: { text: 's\n' } });
  });

  test('a terminal gets a prompt unless quiet; a pipe does not', async () => {
    expect((await read({}, { stdin: 'x', stdinTTY: true })).stderr).toContain('Ctrl-D');
    expect((await read({ quiet: true }, { stdin: 'x', stdinTTY: true })).stderr).toBe('');
    expect((await read({}, { stdin: 'x' })).stderr).toBe('');
  });

  test.each([
    [{}, { stdin: 'x'.repeat(101) }, 'stdin is larger than this server accepts (100 bytes)'],
    [{}, { stdin: new Uint8Array([0xc3]) }, 'stdin is not UTF-8 text; only text secrets are supported'],
    [{}, { stdin: '\r\n' }, 'nothing to push: stdin is empty'],
    [{ argument: '' }, {}, 'nothing to push: the argument is empty'],
  ] as const)('%j %j → usage error', async (options, ctxOptions, message) => {
    expect((await read(options, ctxOptions)).result).toEqual({ kind: 'fail', failure: { exit: EXIT.usage, message } });
  });
});
