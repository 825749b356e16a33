import { describe, expect, test } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { resolvePassphrase, wantsPassphrase } from './passphrase.ts';

describe('passphrase extension point', () => {
  test('no flags: no passphrase', () => {
    expect(wantsPassphrase({})).toBe(false);
    expect(resolvePassphrase({})).toEqual({ kind: 'none' });
  });

  test.each([{ passphrase: true }, { 'passphrase-env': 'PW' }, { 'passphrase-file': 'pw.txt' }])(
    '%j is refused clearly until passphrases land',
    (flags) => {
      expect(resolvePassphrase(flags)).toEqual({
        kind: 'fail',
        failure: { exit: EXIT.usage, message: expect.stringContaining('passphrases are not supported') },
      });
    },
  );
});
