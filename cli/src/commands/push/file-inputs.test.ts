import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ServerConfig } from '@zkpush/shared/schemas';
import { EXIT } from '../../runtime/exit-codes.ts';
import { checkFileLimits, statFiles, type PushFile } from './file-inputs.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zkpush-inputs-'));
  writeFileSync(join(dir, 'a.txt'), 'hello');
  writeFileSync(join(dir, 'empty'), '');
  mkdirSync(join(dir, 'sub'));
  symlinkSync(join(dir, 'a.txt'), join(dir, 'link'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LIMITS: ServerConfig['files'] = {
  allowed: true,
  maxFiles: 3,
  maxFileBytes: 2 * 1024 * 1024,
  maxPushBytes: 3 * 1024 * 1024,
  chunkBytes: 1048576,
  downloadWindowSeconds: 3600,
  uploadIdleSeconds: 3600,
};
const file = (size: number, arg = 'f'): PushFile => ({ arg, path: `/x/${arg}`, name: arg, type: '', size });

describe('statFiles', () => {
  test('regular files (and symlinks to them): name, MIME type from the extension, exact size', () => {
    const looked = statFiles(['a.txt', 'empty', 'link', join(dir, 'a.txt')], dir);
    expect(looked).toEqual({
      kind: 'ok',
      value: [
        { arg: 'a.txt', path: join(dir, 'a.txt'), name: 'a.txt', type: 'text/plain', size: 5 },
        { arg: 'empty', path: join(dir, 'empty'), name: 'empty', type: '', size: 0 },
        { arg: 'link', path: join(dir, 'link'), name: 'link', type: '', size: 5 },
        { arg: join(dir, 'a.txt'), path: join(dir, 'a.txt'), name: 'a.txt', type: 'text/plain', size: 5 },
      ],
    });
  });

  test.each([
    ['missing', '-f missing: no such file'],
    ['sub', '-f sub is a directory: give its files one by one, or an archive of it (tar, zip)'],
    ['fifo', '-f fifo is not a regular file (a pipe, socket or device)'],
    ['a.txt/x', '-f a.txt/x: a part of the path is not a directory'],
    ['', '-f needs a file name'],
  ])('%j is refused', (arg, message) => {
    expect(statFiles(['a.txt', arg], dir)).toEqual({ kind: 'fail', failure: { exit: EXIT.usage, message } });
  });

  test('a file that cannot be read is refused', () => {
    if (process.getuid?.() === 0) return; // root reads everything
    writeFileSync(join(dir, 'locked'), 'x', { mode: 0o000 });
    expect(statFiles(['locked'], dir)).toMatchObject({ failure: { message: '-f locked: permission denied' } });
  });
});

describe('checkFileLimits', () => {
  test('within every limit', () => {
    expect(checkFileLimits([file(0), file(2 * 1024 * 1024), file(1)], LIMITS)).toBeNull();
  });

  test.each([
    ['files not accepted', [file(1)], { ...LIMITS, allowed: false }, 'this server does not accept file pushes'],
    ['too many', [file(1), file(1), file(1), file(1)], LIMITS, '4 files given; this server accepts at most 3 per push'],
    ['one too large', [file(1), file(2 * 1024 * 1024 + 1, 'big.iso')], LIMITS, 'big.iso is 2 MiB (2097153 bytes)'],
    ['padded sum too large', [file(1600000), file(1600000)], LIMITS, 'the files add up to 3.06 MiB as stored'],
  ])('%s', (_name, files, limits, message) => {
    const refused = checkFileLimits(files, limits);
    expect(refused?.exit).toBe(EXIT.usage);
    expect(refused?.message).toContain(message);
    expect(refused?.message).toMatch(/; nothing was pushed$/);
  });

  test('sizes are real: a sparse 5 GiB file is its apparent size', () => {
    writeFileSync(join(dir, 'sparse'), '');
    truncateSync(join(dir, 'sparse'), 5 * 1024 ** 3);
    const looked = statFiles(['sparse'], dir);
    if (looked.kind !== 'ok') throw new Error('stat failed');
    expect(checkFileLimits(looked.value, { ...LIMITS, maxFileBytes: 4 * 1024 ** 3 })?.message).toContain(
      'sparse is 5 GiB (5368709120 bytes); this server accepts files up to 4 GiB',
    );
  });
});
