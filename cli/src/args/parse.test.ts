import { describe, expect, test } from 'vitest';
import {
  COMMON_OPTIONS,
  checkPositionals,
  DEFAULT_SERVER,
  parseCommandArgs,
  parseExpires,
  parseViews,
  resolveServer,
} from './parse.ts';
import { EXIT } from '../runtime/exit-codes.ts';

const OPTIONS = { ...COMMON_OPTIONS, views: { type: 'string' }, json: { type: 'boolean' } } as const;

describe('parseCommandArgs', () => {
  test('options in any order, short aliases, positionals and "--"', () => {
    const parsed = parseCommandArgs(['a', '--views', '3', '-s', 'http://h', '--json', '--', '-b'], OPTIONS);
    expect(parsed).toEqual({
      kind: 'ok',
      value: { values: { views: '3', server: 'http://h', json: true }, positionals: ['a', '-b'] },
    });
  });

  test.each([[['--nope']], [['--views']], [['--json=yes']]])('%j is a usage error', (args) => {
    const parsed = parseCommandArgs(args, OPTIONS);
    expect(parsed.kind).toBe('fail');
    if (parsed.kind === 'fail') expect(parsed.failure.exit).toBe(EXIT.usage);
  });
});

describe('unknown options', () => {
  test('are named when they look like options', () => {
    for (const [args, name] of [
      [['--nope'], '--nope'],
      [['--passphrase=hunter2'], '--passphrase'],
      [['-x'], '-x'],
    ] as const) {
      const parsed = parseCommandArgs(args, OPTIONS);
      expect(parsed.kind === 'fail' && parsed.failure).toEqual({
        exit: EXIT.usage,
        message: expect.stringMatching(new RegExp(`^Unknown option '${name}'`)),
      });
    }
  });

  test('a secret that starts with "-" is never echoed', () => {
    const secret = '-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAAA';
    for (const arg of [secret, '-----BEGIN', `--${'x'.repeat(60)}`, '--a b', '-ü']) {
      const parsed = parseCommandArgs(['push', arg], OPTIONS);
      expect(parsed.kind).toBe('fail');
      if (parsed.kind !== 'fail') continue;
      expect(parsed.failure.exit).toBe(EXIT.usage);
      expect(parsed.failure.message).toBe(
        'an argument starting with "-" is not a known option (a positional argument starting with "-" goes after "--")',
      );
      expect(parsed.failure.message).not.toContain(arg.slice(1));
    }
  });
});

describe('checkPositionals', () => {
  test('allows up to the maximum', () => {
    expect(checkPositionals(['x'], 1, 'open')).toBeNull();
    expect(checkPositionals([], 1, 'open')).toBeNull();
  });

  test('refuses more without echoing them', () => {
    const failure = checkPositionals(['https://h/s/id#KEYKEYKEYKEY', 'extra'], 1, 'open');
    expect(failure).toEqual({ exit: EXIT.usage, message: expect.stringContaining('takes one argument, got 2') });
    expect(failure?.message).not.toContain('KEYKEY');
  });
});

describe('resolveServer', () => {
  test('--server, then ZKPUSH_SERVER, then the default; always the bare origin', () => {
    const env = { ZKPUSH_SERVER: 'https://env.example:8443/' };
    expect(resolveServer('https://flag.example', env)).toEqual({ kind: 'ok', value: 'https://flag.example' });
    expect(resolveServer(undefined, env)).toEqual({ kind: 'ok', value: 'https://env.example:8443' });
    expect(resolveServer(undefined, {})).toEqual({ kind: 'ok', value: DEFAULT_SERVER });
    expect(resolveServer(undefined, { ZKPUSH_SERVER: '' })).toEqual({ kind: 'ok', value: DEFAULT_SERVER });
  });

  test.each([
    ['not a url', 'must be a URL'],
    ['ftp://h', 'http(s)'],
    ['https://user:pw@h', 'credentials'],
    ['https://h/zkpush', 'without a path'],
    ['https://h/?x=1', 'without a path'],
  ])('refuses %s, naming the source', (text, message) => {
    const result = resolveServer(text, {});
    expect(result).toEqual({ kind: 'fail', failure: { exit: EXIT.usage, message: expect.stringContaining(message) } });
    if (result.kind === 'fail') expect(result.failure.message).toMatch(/^--server/);
  });

  test('a bad ZKPUSH_SERVER is named as such', () => {
    const result = resolveServer(undefined, { ZKPUSH_SERVER: 'nope' });
    expect(result.kind === 'fail' && result.failure.message).toMatch(/^ZKPUSH_SERVER/);
  });
});

describe('parseViews and parseExpires', () => {
  test('views: whole numbers only (range is the server config, checked later)', () => {
    expect(parseViews('3')).toEqual({ kind: 'ok', value: 3 });
    expect(parseViews('0')).toEqual({ kind: 'ok', value: 0 });
    for (const bad of ['', '-1', '1.5', 'two', '1e3', '9999999999']) expect(parseViews(bad).kind).toBe('fail');
  });

  test('expires: the shared duration syntax', () => {
    expect(parseExpires('1h30m')).toEqual({ kind: 'ok', value: 5400 });
    expect(parseExpires('600')).toEqual({ kind: 'ok', value: 600 });
    const bad = parseExpires('soon');
    expect(bad.kind === 'fail' && bad.failure).toEqual({
      exit: EXIT.usage,
      message: expect.stringMatching(/^--expires: /),
    });
  });
});
