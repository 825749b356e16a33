import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../runtime/exit-codes.ts';
import { fakeContext } from '../testing/context.ts';
import { readTokenSource, type TokenSource, type TokenSourceMessages } from './token-source.ts';

const M: TokenSourceMessages = {
  stdinTooLarge: (max) => `stdin over ${max}`,
  fileUnreadable: (path, reason) => `cannot read ${path} (${reason})`,
  fileTooLarge: (path, max) => `${path} over ${max}`,
  fileNotText: 'not text',
  twice: 'twice',
  unreadable: 'unreadable',
};
const none: TokenSource = { file: undefined, argv: undefined, env: undefined };
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-token-source-'));
  writeFileSync(join(dir, 'token'), 'from-file\n');
  writeFileSync(join(dir, 'big'), 'x'.repeat(1025));
  writeFileSync(join(dir, 'binary'), Buffer.from([0xff, 0xfe, 0x00]));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readTokenSource', () => {
  test('a file (trimmed) wins over the variable; the flag value too; an empty variable is unset', async () => {
    const ctx = fakeContext({ cwd: dir });
    expect(await readTokenSource({ ...none, file: 'token', env: 'from-env' }, ctx, M)).toEqual({
      kind: 'ok',
      value: 'from-file',
    });
    expect(await readTokenSource({ ...none, argv: ' from-argv ', env: 'from-env' }, ctx, M)).toEqual({
      kind: 'ok',
      value: 'from-argv',
    });
    expect(await readTokenSource({ ...none, env: 'from-env' }, ctx, M)).toEqual({ kind: 'ok', value: 'from-env' });
    expect(await readTokenSource({ ...none, env: '' }, ctx, M)).toEqual({ kind: 'ok', value: undefined });
    expect(await readTokenSource(none, ctx, M)).toEqual({ kind: 'ok', value: undefined });
  });

  test('stdin as `-`, bounded', async () => {
    expect(await readTokenSource({ ...none, file: '-' }, fakeContext({ stdin: 'piped\n' }), M)).toEqual({
      kind: 'ok',
      value: 'piped',
    });
    const big = await readTokenSource({ ...none, file: '-' }, fakeContext({ stdin: 'x'.repeat(1025) }), M);
    expect(big).toEqual({ kind: 'fail', failure: { exit: EXIT.usage, message: 'stdin over 1024' } });
  });

  test('each wrong source is a usage error in the caller’s words, never echoing content', async () => {
    const ctx = fakeContext({ cwd: dir });
    const failure = async (source: Partial<TokenSource>) => {
      const read = await readTokenSource({ ...none, ...source }, ctx, M);
      return read.kind === 'fail' ? read.failure : undefined;
    };
    expect(await failure({ file: 'token', argv: 'x' })).toEqual({ exit: EXIT.usage, message: 'twice' });
    expect(await failure({ file: 'missing' })).toEqual({ exit: EXIT.usage, message: 'cannot read missing (ENOENT)' });
    expect(await failure({ file: 'big' })).toEqual({ exit: EXIT.usage, message: 'big over 1024' });
    expect(await failure({ file: 'binary' })).toEqual({ exit: EXIT.usage, message: 'not text' });
  });
});
