import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { MAX_NAME_BYTES, numbered, safeFileName, uniqueNames } from './safe-name.ts';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('safeFileName', () => {
  test.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', '_.._etc_passwd'],
    ['..', 'download'],
    ['.', 'download'],
    ['.bashrc', 'bashrc'],
    ['...hidden', 'hidden'],
    ['/etc/shadow', '_etc_shadow'],
    ['C:\\Windows\\win.ini', 'C__Windows_win.ini'],
    ['a\u0000b\nc\u001b[31m.txt', 'a_b_c_[31m.txt'],
    ['evil\u202Etxt.exe', 'evil_txt.exe'],
    ['line\u2028break', 'line_break'],
    ['trailing dots... ', 'trailing dots'],
    ['CON', '_CON'],
    ['nul.txt', '_nul.txt'],
    ['lpt1', '_lpt1'],
    ['', 'download'],
    ['   ', 'download'],
    ['e\u0301.txt', 'é.txt'],
    ['report 2026.pdf', 'report 2026.pdf'],
    ['..\\..\\boot.ini', '_.._boot.ini'],
    ['a\u0000b\u202Ec.txt', 'a_b_c.txt'],
    ['name. . ', 'name'],
    ['CON.txt', '_CON.txt'],
    ['...', 'download'],
    ['ünïcødé ✓.txt', 'ünïcødé ✓.txt'],
  ])('%j → %j', (raw, safe) => {
    expect(safeFileName(raw)).toBe(safe);
  });

  test('long names are cut to the byte limit, keeping the extension and whole characters', () => {
    const long = safeFileName(`${'ä'.repeat(300)}.tar.gz`);
    expect(bytes(long)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(long.endsWith('.gz')).toBe(true);
    expect(long.startsWith('ää')).toBe(true);
    expect(long).not.toContain('\ufffd');
    expect(bytes(safeFileName('🔑'.repeat(100)))).toBeLessThanOrEqual(MAX_NAME_BYTES);
  });

  test('a long ASCII name is cut to 200 characters, keeping the extension', () => {
    const long = safeFileName(`${'x'.repeat(300)}.tar.gz`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.gz')).toBe(true);
  });

  test('any name becomes one harmless path component', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (raw) => {
        const safe = safeFileName(raw);
        expect(safe.length).toBeGreaterThan(0);
        // eslint-disable-next-line no-control-regex -- control characters are what must not be there
        expect(safe).not.toMatch(/[/\\\u0000-\u001f]/);
        expect(safe).not.toMatch(/^[.\s]/);
        expect(safe === '.' || safe === '..').toBe(false);
        expect(bytes(numbered(safe, 999))).toBeLessThanOrEqual(255);
      }),
    );
  });
});

describe('uniqueNames', () => {
  test('numbers repeats, ignoring case, after sanitising', () => {
    expect(uniqueNames(['a.txt', 'A.txt', 'a.txt', '../a.txt', 'b', 'b'])).toEqual([
      'a.txt',
      'A (2).txt',
      'a (3).txt',
      '_a.txt',
      'b',
      'b (2)',
    ]);
  });
});
