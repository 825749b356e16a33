import { expect, test } from 'vitest';
import { StatementCache } from './statement-cache.ts';

/** A stand-in for db.prepare that counts calls and returns a fresh object per call. */
function counting() {
  const prepared: string[] = [];
  const prepare = (sql: string) => {
    prepared.push(sql);
    return { sql, n: prepared.length };
  };
  return { prepared, prepare };
}

test('the same SQL text gets the same statement, prepared once', () => {
  const { prepared, prepare } = counting();
  const cache = new StatementCache(prepare, 4);
  const a = cache.get('select 1');
  expect(cache.get('select 1')).toBe(a);
  expect(cache.get('select 1')).toBe(a);
  expect(prepared).toEqual(['select 1']);
  expect(cache.size).toBe(1);
});

test('distinct SQL texts get distinct statements', () => {
  const { prepared, prepare } = counting();
  const cache = new StatementCache(prepare, 4);
  const a = cache.get('select ?');
  const b = cache.get('select ? ');
  const c = cache.get('SELECT ?');
  expect(new Set([a, b, c]).size).toBe(3);
  expect(prepared).toEqual(['select ?', 'select ? ', 'SELECT ?']);
});

test('past its capacity the least recently used statement is evicted and prepared again on next use', () => {
  const { prepared, prepare } = counting();
  const cache = new StatementCache(prepare, 2);
  const a = cache.get('a');
  cache.get('b');
  // Using `a` again makes `b` the least recently used one.
  expect(cache.get('a')).toBe(a);
  cache.get('c');
  expect(cache.size).toBe(2);
  expect(cache.has('a')).toBe(true);
  expect(cache.has('b')).toBe(false);
  expect(cache.has('c')).toBe(true);
  const b2 = cache.get('b');
  expect(prepared).toEqual(['a', 'b', 'c', 'b']);
  expect(b2.n).toBe(4);
  // …which in turn evicted `a`, now the least recently used.
  expect(cache.has('a')).toBe(false);
  expect(cache.size).toBe(2);
});

test('SQL that fails to prepare is not cached', () => {
  let calls = 0;
  const cache = new StatementCache((sql: string) => {
    calls++;
    if (sql === 'bad') throw new Error('syntax error');
    return { sql };
  }, 2);
  expect(() => cache.get('bad')).toThrow('syntax error');
  expect(() => cache.get('bad')).toThrow('syntax error');
  expect(calls).toBe(2);
  expect(cache.size).toBe(0);
});

test('clear drops every statement', () => {
  const { prepared, prepare } = counting();
  const cache = new StatementCache(prepare, 4);
  const a = cache.get('a');
  cache.get('b');
  cache.clear();
  expect(cache.size).toBe(0);
  expect(cache.get('a')).not.toBe(a);
  expect(prepared).toEqual(['a', 'b', 'a']);
});

test('the capacity must be a positive integer', () => {
  const { prepare } = counting();
  expect(() => new StatementCache(prepare, 0)).toThrow(RangeError);
  expect(() => new StatementCache(prepare, 1.5)).toThrow(RangeError);
  expect(new StatementCache(prepare).capacity).toBeGreaterThan(0);
});
