/**
 * The Content-Disposition header that carries a download's name (RFC 6266 with RFC 8187
 * `filename*`). The name is made safe first with @zkpush/shared/safe-name (docs/wire-format.md
 * §12.1), the rules the CLI saves files under too.
 */

/** `attachment; filename="ascii"; filename*=UTF-8''percent-encoded`, for an already safe name. */
export function contentDisposition(safeName: string): string {
  const ascii = safeName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(safeName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
