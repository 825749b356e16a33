import { describe, expect, it } from 'vitest';
import { alphabetSize, effectiveLength, estimateStrength, levelLabels, noteText } from './passphrase-strength.ts';

const chars = (s: string): string[] => Array.from(s);

describe('alphabetSize', () => {
  it('adds up the character classes present', () => {
    expect(alphabetSize('abc')).toBe(26);
    expect(alphabetSize('aB')).toBe(52);
    expect(alphabetSize('aB3')).toBe(62);
    expect(alphabetSize('aB3!')).toBe(95);
    expect(alphabetSize('a b')).toBe(59);
    expect(alphabetSize('é')).toBe(100);
    expect(alphabetSize('')).toBe(0);
  });
});

describe('effectiveLength', () => {
  it('counts unrelated characters fully', () => {
    expect(effectiveLength(chars('q8Zk'))).toBe(4);
  });

  it('discounts repeats and runs', () => {
    expect(effectiveLength(chars('aaaa'))).toBe(2); // period 1: "a" + 1
    expect(effectiveLength(chars('abcd'))).toBe(1.75);
    expect(effectiveLength(chars('4321'))).toBe(1.75);
    expect(effectiveLength(chars('abcabcabc'))).toBe(2.5); // "abc" + 1
  });

  it('works on code points, not UTF-16 units', () => {
    expect(effectiveLength(chars('😀x'))).toBe(2);
  });
});

describe('estimateStrength', () => {
  it('has no estimate for an empty passphrase', () => {
    expect(estimateStrength('')).toBeUndefined();
  });

  it('rates listed passwords very weak whatever their length or case', () => {
    for (const p of ['password', 'Password', 'qwertyuiop', '1234567890', 'iloveyou']) {
      expect(estimateStrength(p)).toMatchObject({
        level: 0,
        label: 'Very weak',
        notes: expect.arrayContaining(['common']),
      });
    }
  });

  it('rates famous phrases like "correct horse battery staple" as common, however spaced (issue 13 §4.9)', () => {
    for (const p of ['correct horse battery staple', 'Correct-Horse-Battery-Staple', 'correcthorsebatterystaple']) {
      const s = estimateStrength(p);
      expect(s?.level, p).toBe(0);
      expect(s?.notes, p).toContain('common');
    }
    expect(estimateStrength('correct horse battery staple lagoon')?.level).toBeGreaterThan(0);
  });

  it('sees through simple substitutions and affixes', () => {
    expect(estimateStrength('P@ssw0rd')?.notes).toContain('common');
    const variant = estimateStrength('Password123!');
    expect(variant?.notes).toContain('common_variant');
    expect(variant?.level).toBeLessThanOrEqual(1);
  });

  it('calls short passphrases weak and says length helps', () => {
    const s = estimateStrength('x7#Kq');
    expect(s?.level).toBeLessThanOrEqual(1);
    expect(s?.notes).toContain('short');
  });

  it('rates long mixed passphrases strong', () => {
    expect(estimateStrength('violet-Anchor-73-drizzle')?.level).toBe(4);
    expect(estimateStrength('mellow tugboat quarry')?.level).toBeGreaterThanOrEqual(3);
  });

  it('flags repetitive input', () => {
    const s = estimateStrength('aaaaaaaaaaaaaaaa');
    expect(s?.notes).toContain('repetitive');
    expect(s?.level).toBe(0);
  });

  it('normalises to NFC so both spellings of é score the same', () => {
    expect(estimateStrength('caf\u00e9-lune-42')).toEqual(estimateStrength('cafe\u0301-lune-42'));
  });

  it('is monotonic in a simple sense: adding random characters never lowers the level', () => {
    let previous = 0;
    for (const p of ['k', 'k9', 'k9#', 'k9#Tq', 'k9#Tqv2', 'k9#Tqv2!Lm', 'k9#Tqv2!Lm8xR']) {
      const level = estimateStrength(p)?.level ?? 0;
      expect(level).toBeGreaterThanOrEqual(previous);
      previous = level;
    }
  });

  it('has words for every level and note', () => {
    expect(levelLabels()).toHaveLength(5);
    for (const n of ['common', 'common_variant', 'repetitive', 'short'] as const) expect(noteText(n)).toMatch(/\.$/);
  });
});
