import { describe, expect, it } from 'vitest';
import { contentDisposition, safeFileName, uniqueNames } from './download-name.ts';

describe('safeFileName', () => {
  it('keeps ordinary names, and strips directories and dangerous characters', () => {
    expect(safeFileName('report 2026.pdf')).toBe('report 2026.pdf');
    expect(safeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(safeFileName('..\\..\\boot.ini')).toBe('_.._boot.ini');
    expect(safeFileName('a\u0000b\u202Ec.txt')).toBe('a_b_c.txt');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('name. . ')).toBe('name');
    expect(safeFileName('CON.txt')).toBe('_CON.txt');
    expect(safeFileName('...')).toBe('download');
    expect(safeFileName('ünïcødé ✓.txt')).toBe('ünïcødé ✓.txt');
  });

  it('shortens long names but keeps the extension', () => {
    const long = safeFileName(`${'x'.repeat(300)}.tar.gz`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.gz')).toBe(true);
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('héllo "x".txt')).toBe(
      `attachment; filename="h_llo _x_.txt"; filename*=UTF-8''h%C3%A9llo%20%22x%22.txt`,
    );
    expect(contentDisposition("it's (1).txt")).toBe(
      `attachment; filename="it's (1).txt"; filename*=UTF-8''it%27s%20%281%29.txt`,
    );
  });
});

describe('uniqueNames', () => {
  it('numbers duplicates, case-insensitively', () => {
    expect(uniqueNames(['a.txt', 'A.txt', 'a.txt', 'b'])).toEqual(['a.txt', 'A (2).txt', 'a (3).txt', 'b']);
  });
});
