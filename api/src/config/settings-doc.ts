/**
 * docs/configuration.md's table of settings, generated from the settings table (settings.ts) so the
 * two cannot disagree; settings-doc.test.ts checks the doc holds exactly this text and rewrites it
 * with UPDATE_DOCS=1. The table is laid out as Prettier lays out Markdown tables.
 */
import { SETTINGS, type Setting } from './settings.ts';

export const DOC_START =
  '<!-- Generated from api/src/config/settings.ts; to update: UPDATE_DOCS=1 pnpm exec vitest run api/src/config -->';
export const DOC_END = '<!-- End of the generated settings table -->';

const DAY = 86_400;
const HOUR = 3_600;
const BINARY_UNITS = [
  ['TiB', 2 ** 40],
  ['GiB', 2 ** 30],
  ['MiB', 2 ** 20],
  ['KiB', 2 ** 10],
] as const;

function seconds(value: number): string {
  if (value === 0) return '0';
  if (value % DAY === 0) return `${value / DAY}d`;
  if (value % HOUR === 0) return `${value / HOUR}h`;
  return `${value}s`;
}

function bytes(value: number): string {
  if (value === 0) return '0';
  const unit = BINARY_UNITS.find(([, size]) => value % size === 0);
  return unit === undefined ? `${value} B` : `${value / unit[1]} ${unit[0]}`;
}

/** `ZKPUSH_X` → `` `ZKPUSH_X` `` in running text. */
const codeNames = (text: string): string => text.replace(/\bZKPUSH_[A-Z_]+\b/g, (name) => `\`${name}\``);

const either = (items: readonly string[]): string =>
  items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`;

/** The kind of value and its bounds, e.g. "Duration 60s–7d". */
function accepted(setting: Setting): string {
  switch (setting.type) {
    case 'host':
      return 'IP address (`::1`, `0.0.0.0`, `::`) or host name';
    case 'directory':
      return 'Directory path, relative to the working directory';
    case 'file':
      return 'File path, relative to the working directory, read at start-up';
    case 'database-url':
      return '`postgres://user@host[:port]/database[?options]`';
    case 'origin':
      return '`http(s)://host[:port]` origin, no path, query or credentials';
    case 'address-list':
      return 'Comma-separated IP addresses and CIDR networks';
    case 'host-list':
      return 'Comma-separated host names[:port], or `*`';
    case 'boolean':
      return 'Boolean';
    case 'text':
      return 'Text';
    case 'url':
      return 'Absolute `http(s)://` URL';
    case 'text-list':
      return 'Comma- or space-separated words';
    case 'integer':
      return `Integer ${setting.min}–${setting.max}`;
    case 'size':
      return `Size ${bytes(setting.min)}–${bytes(setting.max)}`;
    case 'duration':
      return `Duration ${seconds(setting.min)}–${seconds(setting.max)}`;
    case 'choice':
      return `${either(setting.choices.map((choice) => `\`${choice}\``))} (case-insensitive)`;
    case 'token':
      return `Token of ${setting.minLength}+ characters \`A-Za-z0-9-._~+/\``;
    case 'listen-address':
      return '`host:port` or `[ipv6]:port`';
    case 'brand-text':
      return `Text, at most ${setting.maxLength} characters`;
    case 'brand-file':
      return `File path (${either(setting.extensions.map((e) => `\`${e}\``))}), at most ${bytes(setting.maxBytes)}, read at start-up`;
    case 'colour':
      return 'Colour `#rrggbb` or `#rgb`';
    case 'link':
      return 'Absolute `https:`, `http:` or `mailto:` URL';
    case 'rate':
      return `Rate \`N/sec\`, \`N/min\` or \`N/hour\`, N 1–${setting.max}`;
  }
}

function row(setting: Setting): [string, string, string] {
  const shownDefault =
    setting.default === undefined ? codeNames(setting.defaultText ?? 'unset') : `\`${setting.default}\``;
  let values = accepted(setting);
  if (setting.constraint !== undefined) values += `, ${codeNames(setting.constraint)}`;
  if (setting.alias !== undefined) values += ` (deprecated alias: \`${setting.alias}\`)`;
  return [`\`${setting.name}\``, shownDefault, `${values} — ${setting.help}`];
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The generated block, markers included. */
export function settingsDoc(settings: readonly Setting[] = SETTINGS): string {
  const body = table(['Variable', 'Default', 'Accepted values — what it sets'], settings.map(row));
  return `${DOC_START}\n\n${body}\n\n${DOC_END}`;
}

/** `doc` with its generated block replaced by `block`; undefined when the markers are missing. */
export function withSettingsDoc(doc: string, block: string = settingsDoc()): string | undefined {
  const start = doc.indexOf(DOC_START);
  const end = doc.indexOf(DOC_END);
  if (start < 0 || end < start) return undefined;
  return doc.slice(0, start) + block + doc.slice(end + DOC_END.length);
}
