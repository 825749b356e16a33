import { describe, expect, it } from 'vitest';
import {
  addFiles,
  checkFiles,
  manifestEnvelopeBytes,
  manifestType,
  paddedTotal,
  type FileLike,
} from './file-selection.ts';

const f = (name: string, size: number, type = 'text/plain', lastModified = 1): FileLike => ({
  name,
  size,
  type,
  lastModified,
});
const limits = { maxFiles: 3, maxFileBytes: 10_000, maxPushBytes: 20_000, maxEnvelopeBytes: 2048 };

describe('file selection', () => {
  it('adds picked files once', () => {
    const a = f('a.txt', 1);
    expect(addFiles([a], [f('a.txt', 1), f('b.txt', 2), f('a.txt', 1, 'text/plain', 2)])).toEqual([
      a,
      f('b.txt', 2),
      f('a.txt', 1, 'text/plain', 2),
    ]);
  });

  it('keeps only MIME types the manifest can carry', () => {
    expect(manifestType('application/pdf')).toBe('application/pdf');
    expect(manifestType('text/plain; charset=utf-8')).toBe('');
    expect(manifestType('x'.repeat(256))).toBe('');
  });

  it('accepts what fits and explains each limit', () => {
    expect(checkFiles([f('a', 0), f('b', 10_000)], '', limits)).toEqual({ kind: 'ok' });
    expect(checkFiles([], '', limits)).toEqual({ kind: 'invalid', files: 'Choose at least one file.', perFile: [] });
    expect(checkFiles([f('a', 1), f('b', 1), f('c', 1), f('d', 1)], '', limits)).toMatchObject({
      files: 'At most 3 files fit in one link: remove 1.',
    });
    expect(checkFiles([f('a', 1), f('b', 10_001)], '', limits)).toEqual({
      kind: 'invalid',
      perFile: [undefined, "Larger than this server's limit of 9.77 KiB."],
    });
    expect(checkFiles([f('a', 10_000), f('b', 10_000)], '', { ...limits, maxPushBytes: 19_000 })).toMatchObject({
      files: "Together these files are larger than this server's limit of 18.6 KiB per link.",
    });
    expect(checkFiles([f('a', 1)], 'm'.repeat(3000), limits)).toMatchObject({
      files: 'The file names and the message are too long for this server. Shorten the message.',
    });
  });

  it('counts padded sizes and the manifest the way the server will', () => {
    expect(paddedTotal([f('a', 0), f('b', 3_000_000)])).toBe(512 + 3_014_656);
    expect(manifestEnvelopeBytes([f('a', 1)], '')).toBe(553);
  });
});
