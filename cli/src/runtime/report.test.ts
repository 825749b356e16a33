import { describe, expect, test } from 'vitest';
import { EXIT } from './exit-codes.ts';
import { note, redactKeys, reportFailure } from './report.ts';
import { fakeContext } from '../testing/context.ts';

const LINK = 'https://push.example/s/AAECAwQFBgcICQoLDA0ODw#AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8';

describe('redactKeys', () => {
  test('removes a link key, keeps the rest', () => {
    expect(redactKeys(`bad: ${LINK} here`)).toBe(
      'bad: https://push.example/s/AAECAwQFBgcICQoLDA0ODw#<key removed> here',
    );
  });

  test('leaves ordinary text alone', () => {
    expect(redactKeys('issue #42 and C# are fine')).toBe('issue #42 and C# are fine');
  });
});

describe('reportFailure and note', () => {
  test('one prefixed, redacted line on stderr; returns the exit code', () => {
    const ctx = fakeContext();
    expect(reportFailure(ctx, { exit: EXIT.badKey, message: `cannot use ${LINK}` })).toBe(5);
    expect(ctx.stderrText()).toBe('zkpush: cannot use https://push.example/s/AAECAwQFBgcICQoLDA0ODw#<key removed>\n');
    expect(ctx.stdoutText()).toBe('');
  });

  test('notes are silenced by --quiet', () => {
    const ctx = fakeContext();
    note(ctx, true, 'hidden');
    note(ctx, false, 'shown');
    expect(ctx.stderrText()).toBe('shown\n');
  });
});
