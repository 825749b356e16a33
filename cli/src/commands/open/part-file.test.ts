import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createPartFile, PART_SUFFIX } from './part-file.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-part-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const none = new Set<string>();

describe('part files', () => {
  test('are hidden 0600 files until committed under their name', async () => {
    const part = await createPartFile(dir);
    await part.write(text('hello '));
    const [hidden] = readdirSync(dir);
    expect(hidden).toMatch(new RegExp(`^\\.zkpush-[0-9a-f]{12}${PART_SUFFIX.replace('.', '\\.')}$`));
    expect(statSync(join(dir, hidden!)).mode & 0o777).toBe(0o600);
    await part.write(text('world'));
    expect(await part.commit('greeting.txt', { force: false, avoid: none })).toBe('greeting.txt');
    expect(readdirSync(dir)).toEqual(['greeting.txt']);
    expect(readFileSync(join(dir, 'greeting.txt'), 'utf8')).toBe('hello world');
    expect(statSync(join(dir, 'greeting.txt')).mode & 0o777).toBe(0o600);
  });

  test('discard removes the part file and nothing else', async () => {
    writeFileSync(join(dir, 'keep'), 'x');
    const part = await createPartFile(dir);
    await part.write(text('half a file'));
    await part.discard();
    await part.discard();
    expect(readdirSync(dir)).toEqual(['keep']);
  });

  test('an existing name is never replaced without force: the next free number is used', async () => {
    writeFileSync(join(dir, 'a.txt'), 'old');
    writeFileSync(join(dir, 'a (2).txt'), 'old 2');
    const part = await createPartFile(dir);
    await part.write(text('new'));
    // "a (3).txt" is planned for another file of the push.
    expect(await part.commit('a.txt', { force: false, avoid: new Set(['a (3).txt']) })).toBe('a (4).txt');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('old');
    expect(readFileSync(join(dir, 'a (4).txt'), 'utf8')).toBe('new');
  });

  test('a symlink at the name is not followed, even a dangling one', async () => {
    const outside = join(dir, 'outside');
    mkdirSync(join(dir, 'out'));
    symlinkSync(outside, join(dir, 'out', 'x'));
    const part = await createPartFile(join(dir, 'out'));
    await part.write(text('secret'));
    expect(await part.commit('x', { force: false, avoid: none })).toBe('x (2)');
    expect(() => statSync(outside)).toThrow();
  });

  test('force replaces a file (with a fresh 0600 one) but never a directory', async () => {
    writeFileSync(join(dir, 'a.txt'), 'old', { mode: 0o644 });
    const part = await createPartFile(dir);
    await part.write(text('new'));
    expect(await part.commit('a.txt', { force: true, avoid: none })).toBe('a.txt');
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('new');
    expect(statSync(join(dir, 'a.txt')).mode & 0o777).toBe(0o600);

    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd', 'inside'), 'x');
    const second = await createPartFile(dir);
    await second.write(text('file'));
    expect(await second.commit('d', { force: true, avoid: none })).toBe('d (2)');
    expect(readFileSync(join(dir, 'd', 'inside'), 'utf8')).toBe('x');
  });
});
