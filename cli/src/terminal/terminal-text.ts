/**
 * Text that others chose, made safe to print on a terminal. The audit trail carries user agents and
 * referrers sent by whoever requested the push (and whatever the server relays): HTTP lets bytes
 * 0x80–0xFF through, which arrive as C1 controls such as U+009B (CSI, an escape sequence on many
 * terminals), and Unicode format characters can reorder or hide what is shown (bidi overrides,
 * "Trojan Source", CVE-2021-42574). Those become visible `\uXXXX` escapes; nothing else changes.
 */

/** C0, DEL and C1 controls; ALM; zero-width, bidi marks/embeddings/overrides/isolates, LS/PS; BOM. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

const escape = (ch: string): string => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;

export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * JSON.stringify already escapes C0 controls; the rest of UNSAFE can only occur inside strings, where
 * a `\uXXXX` escape is the same JSON value. So this is valid JSON, equal to the input, and inert.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, escape);
}
