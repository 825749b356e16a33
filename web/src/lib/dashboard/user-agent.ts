/**
 * "Chrome 120 on Windows 10" from a raw User-Agent string, for the audit trail (issue 13 §4.9): people
 * read browser and system, and the raw string stays one click away. Parsed with bowser (MIT, the
 * widely used small browser detector; the dashboard has no page budget) rather than hand-written
 * rules that would age. Browser and system names are product names, the same in every language.
 */
import Bowser from 'bowser';

/** Browser with major version, and the OS with its version name when known; undefined if neither. */
export function describeUserAgent(ua: string): string | undefined {
  if (ua.trim() === '') return undefined;
  const parsed = Bowser.parse(ua);
  const browser = [parsed.browser.name, parsed.browser.version?.split('.')[0]].filter(Boolean).join(' ');
  const os = [parsed.os.name, parsed.os.versionName ?? parsed.os.version].filter(Boolean).join(' ');
  if (browser === '' && os === '') return undefined;
  return browser !== '' && os !== '' ? `${browser} · ${os}` : browser || os;
}
