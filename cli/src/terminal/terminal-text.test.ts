import { describe, expect, test } from 'vitest';
import { printable, terminalJson } from './terminal-text.ts';

describe('text chosen by others, on a terminal', () => {
  test('controls and format characters become visible escapes; the rest is kept', () => {
    expect(printable('Mozilla/5.0 (X11; Linux) Firefox/140.0 ✓ é')).toBe('Mozilla/5.0 (X11; Linux) Firefox/140.0 ✓ é');
    expect(printable('a\u001b[2Jb\u009b31mc\u0007')).toBe('a\\u001b[2Jb\\u009b31mc\\u0007');
    expect(printable('x\u202eevil\u2066\u200bz\ufeff\n')).toBe('x\\u202eevil\\u2066\\u200bz\\ufeff\\u000a');
  });

  test('JSON stays valid and equal, with nothing raw that a terminal would act on', () => {
    const value = { ua: 'a\u001b[2Jb\u009b31m\u202e\u2028', n: 1, none: null };
    const text = terminalJson(value);
    expect(text).toBe('{"ua":"a\\u001b[2Jb\\u009b31m\\u202e\\u2028","n":1,"none":null}');
    expect(JSON.parse(text)).toEqual(value);
  });
});
