import { expect, test } from 'vitest';
import { createLogger, createMemoryLogger, errorFields } from './logger.ts';
import { redactPath } from './http/redact-path.ts';

test('writes one JSON object per line with time, level and message first', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', write: (l) => lines.push(l), now: () => 0 });
  logger.info('hello', { a: 1 });
  expect(lines).toEqual(['{"time":"1970-01-01T00:00:00.000Z","level":"info","msg":"hello","a":1}\n']);
});

test('fields cannot override time, level or msg', () => {
  const logger = createMemoryLogger();
  logger.warn('real', { msg: 'forged', level: 'debug', time: 'then' });
  expect(JSON.parse(logger.lines[0]!)).toMatchObject({ msg: 'real', level: 'warn' });
});

test('levels below the threshold are dropped; silent drops everything', () => {
  const warn = createMemoryLogger('warn');
  warn.debug('d');
  warn.info('i');
  warn.warn('w');
  warn.error('e');
  expect(warn.lines).toHaveLength(2);
  const silent = createMemoryLogger('silent');
  silent.error('e');
  expect(silent.lines).toHaveLength(0);
});

test('errorFields describes errors without dumping arbitrary objects', () => {
  expect(errorFields(new TypeError('bad'))).toMatchObject({ error: 'TypeError', detail: 'bad' });
  expect(errorFields({ password: 'x' })).toEqual({ error: 'object' });
});

test.each([
  ['/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA', '/api/v1/secrets/:id'],
  ['/api/v1/secrets/AAAAAAAAAAAAAAAAAAAAAA/reveal', '/api/v1/secrets/:id/reveal'],
  ['/s/AAAAAAAAAAAAAAAAAAAAAA', '/s/:id'],
  ['/s/AAAAAAAAAAAAAAAAAAAAAA/AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8', '/s/:id'],
  ['//s/AAAAAAAAAAAAAAAAAAAAAA', '/s/:id'],
  ['/api/v1/secrets', '/api/v1/secrets'],
  ['/_app/immutable/x.js', '/_app/immutable/x.js'],
])('redactPath(%s) = %s', (path, expected) => {
  expect(redactPath(path)).toBe(expected);
});
