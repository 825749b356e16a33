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
import { EXIT } from '../../runtime/exit-codes.ts';
import { claimOutputFile } from './output-file.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-out-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const mode = (path: string): number => statSync(path).mode & 0o777;

function claim(path: string, force = false) {
  const claimed = claimOutputFile(path, { cwd: dir, force });
  if (claimed.kind !== 'ok') throw new Error(claimed.failure.message);
  return claimed.value;
}

describe('claimOutputFile', () => {
  test('creates the file with mode 0600 before anything is written, relative to cwd', () => {
    const file = claim('secret.txt');
    expect(mode(join(dir, 'secret.txt'))).toBe(0o600);
    expect(file.commit(bytes('s3cret\n'))).toBeNull();
    expect(readFileSync(join(dir, 'secret.txt'), 'utf8')).toBe('s3cret\n');
  });

  test('refuses an existing file without --force (a usage error, nothing changed)', () => {
    writeFileSync(join(dir, 'x'), 'keep');
    const claimed = claimOutputFile('x', { cwd: dir, force: false });
    expect(claimed).toEqual({
      kind: 'fail',
      failure: { exit: EXIT.usage, message: 'x already exists (use --force to replace it)' },
    });
    expect(readFileSync(join(dir, 'x'), 'utf8')).toBe('keep');
  });

  test('refuses a symlink planted at the path', () => {
    writeFileSync(join(dir, 'elsewhere'), 'keep');
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'link'));
    expect(claimOutputFile('link', { cwd: dir, force: false }).kind).toBe('fail');
    expect(readFileSync(join(dir, 'elsewhere'), 'utf8')).toBe('keep');
  });

  test('--force replaces a world-readable file with a 0600 one and leaves no temp file', () => {
    writeFileSync(join(dir, 'x'), 'old', { mode: 0o644 });
    const file = claim('x', true);
    expect(readFileSync(join(dir, 'x'), 'utf8')).toBe('old'); // untouched until the secret is in hand
    expect(file.commit(bytes('new'))).toBeNull();
    expect(readFileSync(join(dir, 'x'), 'utf8')).toBe('new');
    expect(mode(join(dir, 'x'))).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['x']);
  });

  test('--force onto a directory is refused', () => {
    mkdirSync(join(dir, 'd'));
    expect(claimOutputFile('d', { cwd: dir, force: true })).toMatchObject({
      kind: 'fail',
      failure: { exit: EXIT.usage },
    });
  });

  test('abort removes the claimed file (with and without --force)', () => {
    claim('a').abort();
    writeFileSync(join(dir, 'b'), 'keep');
    claim('b', true).abort();
    expect(readdirSync(dir)).toEqual(['b']);
    expect(readFileSync(join(dir, 'b'), 'utf8')).toBe('keep');
  });

  test('a missing directory is an "other" failure naming the file', () => {
    expect(claimOutputFile('no/such/dir/f', { cwd: dir, force: false })).toEqual({
      kind: 'fail',
      failure: { exit: EXIT.other, message: 'cannot create no/such/dir/f: ENOENT' },
    });
  });
});
