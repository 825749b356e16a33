import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { embeddedNativeBinding, materializeAddon } from './native-binding.ts';

const root = mkdtempSync(join(tmpdir(), 'zkpush-native-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, `case-${++n}`, '.native');
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('writes the addon once into a private directory, named by its content hash', () => {
  const dir = freshDir();
  const first = materializeAddon(bytes('addon v1'), dir);
  expect(first.written).toBe(true);
  expect(first.path).toMatch(/better_sqlite3-[0-9a-f]{16}\.node$/);
  expect(readFileSync(first.path, 'utf8')).toBe('addon v1');
  expect(statSync(dir).mode & 0o777).toBe(0o700);
  expect(statSync(first.path).mode & 0o222).toBe(0);

  const again = materializeAddon(bytes('addon v1'), dir);
  expect(again).toEqual({ path: first.path, written: false, removed: [] });
  expect(readdirSync(dir)).toEqual([first.path.split('/').at(-1)]);
});

test('a tampered or truncated copy is replaced, not loaded', () => {
  const dir = freshDir();
  const { path } = materializeAddon(bytes('addon v1'), dir);
  chmodSync(path, 0o600);
  writeFileSync(path, 'evil');
  const again = materializeAddon(bytes('addon v1'), dir);
  expect(again.written).toBe(true);
  expect(readFileSync(path, 'utf8')).toBe('addon v1');
});

test('an upgrade removes the copies of earlier versions and leaves other files alone', () => {
  const dir = freshDir();
  const old = materializeAddon(bytes('addon v1'), dir);
  writeFileSync(join(dir, 'notes.txt'), 'keep me');
  const next = materializeAddon(bytes('addon v2'), dir);
  expect(next.path).not.toBe(old.path);
  expect(next.removed).toEqual([old.path.split('/').at(-1)]);
  expect(readdirSync(dir).sort()).toEqual([next.path.split('/').at(-1), 'notes.txt'].sort());
});

test('refuses a cache directory other users can write to', () => {
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o777);
  expect(() => materializeAddon(bytes('addon'), dir)).toThrow(/writable by other users/);
});

test('refuses a cache path that is not a directory', () => {
  const dir = freshDir();
  mkdirSync(join(dir, '..'), { recursive: true });
  writeFileSync(dir, '');
  expect(() => materializeAddon(bytes('addon'), dir)).toThrow();
});

test('outside a single executable nothing is extracted (better-sqlite3 uses node_modules)', () => {
  const dataDir = join(root, 'not-sea');
  expect(embeddedNativeBinding(dataDir)).toBeUndefined();
  expect(() => statSync(dataDir)).toThrow();
});
