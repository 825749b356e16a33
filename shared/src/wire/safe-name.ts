/**
 * File names from a manifest made safe to save under in one directory (docs/wire-format.md §12.1:
 * receivers MUST sanitise them — the sender chose them, and "../../.bashrc" is a valid name there).
 * One set of rules for the web app's downloads and the CLI's `open -o DIR`, so both save a push
 * under the same names: path separators, control and format characters (bidi overrides) and
 * characters Windows refuses become "_"; leading dots and spaces go (no hidden files, no ".."), so
 * do trailing ones; reserved device names get a "_" prefix; nothing is left empty. A name is cut to
 * fit the 255-byte limit of Linux file systems (in UTF-8 bytes, keeping the extension) with room for
 * a " (2)" suffix, and names are made unique within the push, ignoring case.
 */

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// Zl/Zp (U+2028, U+2029) too: they break a name shown on a terminal line or in a download list.
const UNSAFE = /[\\/:*?"<>|\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
/** Bytes of a name, leaving room below NAME_MAX (255) for " (NNN)" and the .zkpush-part fallback. */
export const MAX_NAME_BYTES = 200;
const MAX_EXTENSION = 16;
const FALLBACK = 'download';

const utf8 = new TextEncoder();
const bytes = (s: string): number => utf8.encode(s).length;

/** Cuts `text` to at most `max` UTF-8 bytes without splitting a character. */
function cutBytes(text: string, max: number): string {
  let out = '';
  for (const ch of text) {
    if (bytes(out + ch) > max) break;
    out += ch;
  }
  return out;
}

function splitExtension(name: string): [stem: string, ext: string] {
  const dot = name.lastIndexOf('.');
  return dot > 0 && name.length - dot <= MAX_EXTENSION ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
}

/** One name, safe on its own: a single path component that is neither "." nor "..". */
export function safeFileName(name: string): string {
  let out = name
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/^[.\s]+/u, '')
    .replace(/[.\s]+$/u, '');
  if (RESERVED.test(out)) out = `_${out}`;
  if (bytes(out) > MAX_NAME_BYTES) {
    const [stem, ext] = splitExtension(out);
    out = cutBytes(stem, MAX_NAME_BYTES - bytes(ext)).replace(/[.\s]+$/u, '') + ext;
  }
  return out || FALLBACK;
}

/** "name (n).ext" */
export function numbered(name: string, n: number): string {
  const [stem, ext] = splitExtension(name);
  return `${stem} (${n})${ext}`;
}

/** Distinct safe names for saving every file of a push into one directory: "a.txt", "a (2).txt", … */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const name = safeFileName(raw);
    let candidate = name;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = numbered(name, n);
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
