/**
 * A file name from the manifest made safe to save under (docs/wire-format.md §12.1: receivers MUST
 * sanitise it): no directories, no control or reserved characters, no leading dots or trailing dots
 * and spaces (Windows), not a reserved device name, at most 200 characters with the extension kept.
 * And the Content-Disposition header that carries it (RFC 6266 with RFC 8187 `filename*`).
 */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX = 200;

export function safeFileName(name: string): string {
  let out = name
    .normalize('NFC')
    // Path separators, control characters and characters Windows refuses.
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, '_')
    .replace(/^[.\s]+/u, '')
    .replace(/[.\s]+$/u, '');
  if (RESERVED.test(out)) out = `_${out}`;
  if (out.length > MAX) {
    const dot = out.lastIndexOf('.');
    const ext = dot > 0 && out.length - dot <= 16 ? out.slice(dot) : '';
    out = out.slice(0, MAX - ext.length) + ext;
  }
  return out || 'download';
}

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`, for an already safe name. */
export function contentDisposition(safeName: string): string {
  const ascii = safeName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(safeName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Distinct names for saving several files into one folder: "a.txt", "a (2).txt", … */
export function uniqueNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const name = safeFileName(raw);
    let candidate = name;
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
