/** Where a passphrase comes from: the flags, an environment variable, a file, stdin, the prompt. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../runtime/exit-codes.ts';
import { MAX_PASSPHRASE_FILE_BYTES, passphraseSource, promptPassphrase, readPassphrase } from './passphrase.ts';
import { fakeContext } from '../testing/context.ts';
import { FakeTerminal } from '../testing/fake-terminal.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-pass-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const usage = (message: string) => ({
  kind: 'fail',
  failure: { exit: EXIT.usage, message: expect.stringContaining(message) },
});

describe('passphraseSource', () => {
  test('each flag names one source; none is none', () => {
    expect(passphraseSource({}, null)).toEqual({ kind: 'ok', value: { kind: 'none' } });
    expect(passphraseSource({ passphrase: true }, null)).toEqual({ kind: 'ok', value: { kind: 'prompt' } });
    expect(passphraseSource({ 'passphrase-env': 'PW' }, null)).toEqual({
      kind: 'ok',
      value: { kind: 'env', name: 'PW' },
    });
    expect(passphraseSource({ 'passphrase-file': 'pw.txt' }, 'the secret')).toEqual({
      kind: 'ok',
      value: { kind: 'file', path: 'pw.txt' },
    });
    expect(passphraseSource({ 'passphrase-file': '-' }, null)).toEqual({
      kind: 'ok',
      value: { kind: 'file', path: '-' },
    });
  });

  test.each([
    [{ passphrase: true, 'passphrase-env': 'PW' }, null, 'use only one of'],
    [{ 'passphrase-env': 'PW', 'passphrase-file': 'f' }, null, 'use only one of'],
    [{ 'passphrase-env': 'not a name' }, null, 'the name of an environment variable'],
    [{ 'passphrase-env': '' }, null, 'the name of an environment variable'],
    [{ 'passphrase-file': '' }, null, '--passphrase-file needs a file name'],
    [{ 'passphrase-file': '-' }, 'the secret', '--passphrase-file - cannot read stdin: it holds the secret'],
    [{ 'passphrase-file': '-' }, 'the link', 'it holds the link'],
  ])('%j (stdin holds %s) is a usage error', (flags, stdinHolds, message) => {
    expect(passphraseSource(flags, stdinHolds)).toEqual(usage(message));
  });
});

describe('readPassphrase', () => {
  test('from an environment variable, exactly (spaces and newlines kept)', async () => {
    const ctx = fakeContext({ env: { PW: ' two words\n' } });
    expect(await readPassphrase({ kind: 'env', name: 'PW' }, ctx)).toEqual({ kind: 'ok', value: ' two words\n' });
    expect(await readPassphrase({ kind: 'env', name: 'UNSET' }, ctx)).toEqual(
      usage('the environment variable UNSET is not set'),
    );
    const empty = fakeContext({ env: { PW: '' } });
    expect(await readPassphrase({ kind: 'env', name: 'PW' }, empty)).toEqual(usage('the passphrase in PW is empty'));
  });

  test.each([
    ['one line and its newline', 'pass phrase\n', 'pass phrase'],
    ['CRLF', 'pass phrase\r\nsecond line\r\n', 'pass phrase'],
    ['no newline', '  spaced  ', '  spaced  '],
  ])('from a file: the first line (%s)', async (_name, content, expected) => {
    writeFileSync(join(dir, 'pw.txt'), content);
    const ctx = fakeContext({ cwd: dir });
    expect(await readPassphrase({ kind: 'file', path: 'pw.txt' }, ctx)).toEqual({ kind: 'ok', value: expected });
  });

  test('file errors say what is wrong and never what is inside', async () => {
    const ctx = fakeContext({ cwd: dir });
    const read = (path: string) => readPassphrase({ kind: 'file', path }, ctx);
    expect(await read('missing.txt')).toEqual(usage('cannot read the passphrase file missing.txt (ENOENT)'));
    expect(await read('.')).toEqual(usage('cannot read the passphrase file . (EISDIR)'));
    writeFileSync(join(dir, 'empty.txt'), '\nsecond line is not the passphrase\n');
    expect(await read('empty.txt')).toEqual(usage('the passphrase in empty.txt is empty'));
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0x70, 0xff, 0x0a]));
    expect(await read('binary.txt')).toEqual(usage('the passphrase in binary.txt is not UTF-8 text'));
    writeFileSync(join(dir, 'huge.txt'), 'x'.repeat(MAX_PASSPHRASE_FILE_BYTES + 1));
    expect(await read('huge.txt')).toEqual(usage('is larger than 64 KiB'));
  });

  test('"-" reads the first line of stdin', async () => {
    const ctx = fakeContext({ stdin: ['from ', 'stdin\n'] });
    expect(await readPassphrase({ kind: 'file', path: '-' }, ctx)).toEqual({ kind: 'ok', value: 'from stdin' });
  });
});

describe('promptPassphrase', () => {
  test('asks once to open, twice to push; the second must match (compared after NFC)', async () => {
    const once = new FakeTerminal(['pw\r']);
    expect(await promptPassphrase(once, 'Passphrase: ')).toEqual({ kind: 'ok', value: 'pw' });
    const twice = new FakeTerminal(['caf\u00e9\r', 'cafe\u0301\r']);
    expect(await promptPassphrase(twice, 'P: ', { confirm: true })).toEqual({ kind: 'ok', value: 'caf\u00e9' });
    expect(twice.written()).toBe('P: \nRepeat the passphrase: \n');
  });

  test.each([
    ['a mismatch', ['one\r', 'two\r'], 'the two passphrases differ'],
    ['an empty one', ['\r'], 'the passphrase entered is empty'],
    ['Ctrl-C', ['\u0003'], 'cancelled: no passphrase was entered'],
    ['Ctrl-C at the repeat', ['pw\r', '\u0003'], 'cancelled: the passphrase was not repeated'],
  ])('%s is a usage error', async (_name, keys, message) => {
    expect(await promptPassphrase(new FakeTerminal(keys), 'P: ', { confirm: true })).toEqual(usage(message));
  });
});
