import { expect, test } from 'vitest';
import { batchLines, createLogger, createMemoryLogger, errorFields } from './logger.ts';
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

test('stdout lines of one event-loop turn go out in one write, in order; flush writes what is pending at once', async () => {
  const writes: string[] = [];
  const batch = batchLines((chunk) => writes.push(chunk));
  batch.write('a\n');
  batch.write('b\n');
  expect(writes).toEqual([]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toEqual(['a\nb\n']);
  batch.write('c\n');
  batch.flush();
  expect(writes).toEqual(['a\nb\n', 'c\n']);
  // A turn that logs a lot does not hold it all: past 64 KiB the batch goes out at once.
  const long = 'x'.repeat(40 * 1024) + '\n';
  batch.write(long);
  batch.write(long);
  expect(writes).toEqual(['a\nb\n', 'c\n', long + long]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(writes).toHaveLength(3);
});
