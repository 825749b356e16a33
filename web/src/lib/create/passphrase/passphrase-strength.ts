/**
 * A rough strength hint for the create form's passphrase: bits ≈ effective length × log2(alphabet),
 * where the alphabet is the union of the character classes used and repeats/runs count little, capped
 * hard for the few hundred most common passwords (common-passwords.ts) and their obvious variants.
 *
 * It is a hint, not a measurement — it over-rates word lists and knows no dictionaries beyond the few
 * famous phrases in common-passwords.ts ("correct horse battery staple") — and the UI says so. It runs locally and keeps nothing. What the estimate means for
 * zkpush specifically: a link holder gets only the server's few online attempts (docs/security.md), so
 * the passphrase matters most against someone who has both the link and the stored ciphertext.
 */
import { COMMON_PASSWORDS, COMMON_PHRASES } from './common-passwords.ts';
import { strengthHintText } from '#lib/create/create-messages.ts';

type StrengthLevel = 0 | 1 | 2 | 3 | 4;
type StrengthNote = 'common' | 'common_variant' | 'repetitive' | 'short';

interface Strength {
  level: StrengthLevel;
  label: string;
  /** Estimated bits of guessing work, rounded down. */
  bits: number;
  notes: StrengthNote[];
}

/** The words for levels 0–4, in the active language. */
export function levelLabels(): readonly [string, string, string, string, string] {
  return strengthHintText.levels;
}

/** Bits at which each level from Weak upwards starts. */
const THRESHOLDS = [25, 40, 60, 80] as const;
/** Cap for a listed password: a guesser tries these first. */
const COMMON_BITS = 8;
const SHORT_LENGTH = 8;

const CLASSES: readonly { test: RegExp; size: number }[] = [
  { test: /[a-z]/, size: 26 },
  { test: /[A-Z]/, size: 26 },
  { test: /[0-9]/, size: 10 },
  { test: /[ -/:-@[-`{-~]/, size: 33 },
  // Anything outside ASCII: a generous guess for accented letters and other scripts.
  { test: /[^\0-\x7f]/, size: 100 },
];

/** Size of the alphabet the characters are drawn from, judged by which classes appear. */
export function alphabetSize(text: string): number {
  return CLASSES.reduce((sum, c) => (c.test.test(text) ? sum + c.size : sum), 0);
}

/**
 * Length in "independent" characters: a character that repeats the previous one or continues a run
 * of +1/−1 code points (abc, 4321) counts a quarter, and a string that is a shorter unit repeated
 * (abcabc) counts as that unit plus one.
 */
export function effectiveLength(chars: readonly string[]): number {
  const n = chars.length;
  for (let period = 1; period <= n / 2; period++) {
    if (chars.every((c, i) => c === chars[i % period])) return effectiveLength(chars.slice(0, period)) + 1;
  }
  let length = 0;
  let step: number | undefined;
  for (let i = 0; i < n; i++) {
    const prev = i > 0 ? chars[i - 1]!.codePointAt(0)! : undefined;
    const diff = prev === undefined ? undefined : chars[i]!.codePointAt(0)! - prev;
    const predictable = diff === 0 || ((diff === 1 || diff === -1) && (step === diff || i === 1));
    length += predictable ? 0.25 : 1;
    step = diff;
  }
  return length;
}

const LEET: Readonly<Record<string, string>> = {
  '@': 'a',
  '4': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  $: 's',
  '5': 's',
  '7': 't',
};
const unleet = (s: string): string => s.replace(/[@431!0$57]/g, (c) => LEET[c] ?? c);
const isCommon = (s: string): boolean => s.length > 0 && (COMMON_PASSWORDS.has(s) || COMMON_PASSWORDS.has(unleet(s)));
/** A famous phrase, however it is spaced, dashed or capitalised ("Correct-Horse Battery staple"). */
const isKnownPhrase = (lower: string): boolean => COMMON_PHRASES.has(lower.replace(/[^\p{L}\p{N}]/gu, ''));

const LEVELS: readonly StrengthLevel[] = [0, 1, 2, 3, 4];

function levelFor(bits: number): StrengthLevel {
  const index = THRESHOLDS.findIndex((t) => bits < t);
  return LEVELS[index] ?? 4;
}

/** Estimate for a non-empty passphrase; undefined for the empty string (no passphrase). */
export function estimateStrength(passphrase: string): Strength | undefined {
  if (passphrase.length === 0) return undefined;
  const text = passphrase.normalize('NFC');
  const chars = Array.from(text);
  const notes: StrengthNote[] = [];
  const length = effectiveLength(chars);
  let bits = length * Math.log2(Math.max(2, alphabetSize(text)));
  if (length < chars.length * 0.75) notes.push('repetitive');

  const lower = text.toLowerCase();
  // "Password1!", "!!qwerty2024": a listed word with digits or symbols stuck to either end.
  const affix = /^([^a-z]*)(.*?)([^a-z]*)$/.exec(lower);
  const core = affix?.[2] ?? '';
  if (isCommon(lower) || isKnownPhrase(lower)) {
    bits = Math.min(bits, COMMON_BITS);
    notes.push('common');
  } else if (core !== lower && isCommon(core)) {
    const extra = Array.from((affix?.[1] ?? '') + (affix?.[3] ?? ''));
    bits = Math.min(bits, COMMON_BITS + effectiveLength(extra) * Math.log2(Math.max(2, alphabetSize(extra.join('')))));
    notes.push('common_variant');
  }
  if (chars.length < SHORT_LENGTH) notes.push('short');

  const level = levelFor(bits);
  return { level, label: levelLabels()[level], bits: Math.floor(bits), notes };
}

/** One sentence per note, for the hint under the field. */
export function noteText(note: StrengthNote): string {
  switch (note) {
    case 'common':
      return strengthHintText.common;
    case 'common_variant':
      return strengthHintText.commonVariant;
    case 'repetitive':
      return strengthHintText.repetitive;
    case 'short':
      return strengthHintText.short;
  }
}
