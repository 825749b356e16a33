/**
 * How much text fits in one push. The server limits the decoded *envelope*; the envelope holds the
 * text as UTF-8 JSON (shared/src/payload.ts), padded to Padmé buckets. So the form measures a
 * secret the way the envelope does — bytes of its JSON string — and finds the largest size that
 * fits by searching with the real size function instead of guessing the framing overhead.
 */
import { envelopeBytesFor } from '@zkpush/shared/push';
import { PAYLOAD_VERSION } from '@zkpush/shared/wire-constants';

/** UTF-8 length without allocating (same as `new TextEncoder().encode(text).length`; lone surrogates become U+FFFD = 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The size the limit applies to: UTF-8 bytes of the text as a JSON string, without the quotes.
 * Plain letters and digits count 1; line breaks, quotes and backslashes 2 (escaped); accented
 * letters 2; most other scripts 3; emoji 4.
 */
export function secretSize(text: string): number {
  return utf8Length(JSON.stringify(text)) - 2;
}

/** Whether some characters count as more than one (so the counter shows a hint). */
export function hasWideCharacters(text: string): boolean {
  return secretSize(text) !== text.length;
}

/** Envelope bytes for a text whose secretSize is `n` (ASCII letters have size 1 each). */
export function envelopeBytesForSize(n: number): number {
  return envelopeBytesFor({ v: PAYLOAD_VERSION, kind: 'text', text: 'a'.repeat(n) });
}

/**
 * Largest `n` such that a secret of size `n` gives an envelope of at most `maxEnvelopeBytes`.
 * `envelopeBytes` must be non-decreasing in `n` (padding only ever grows). 0 if nothing fits.
 */
export function maxSecretSize(
  maxEnvelopeBytes: number,
  envelopeBytes: (size: number) => number = envelopeBytesForSize,
): number {
  if (envelopeBytes(1) > maxEnvelopeBytes) return 0;
  let lo = 1;
  let hi = Math.max(1, maxEnvelopeBytes);
  // Invariant: size `lo` fits; every size above `hi` does not (the envelope is never smaller than its text).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (envelopeBytes(mid) <= maxEnvelopeBytes) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Characters as a person counts them (code points, so an emoji is one), for the counter. */
export function typedCharacters(text: string): number {
  return Array.from(text).length;
}

/**
 * Whether the counter shows the size in the limit's measure ("1,020 / 1,032,157"): only once the text
 * has used this share of the limit. Before that it shows the characters typed, which is what a person
 * counts (issue 13 §4.9: "13 / 1,032,157" for 6 characters confused).
 */
export const NEAR_LIMIT_SHARE = 0.8;
export function nearLimit(size: number, maxSize: number): boolean {
  return size >= maxSize * NEAR_LIMIT_SHARE;
}
