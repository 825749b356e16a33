/**
 * Plural messages show their number through Intl.NumberFormat of the message's language, never raw:
 * `{count}` would print `12` in Persian where the language writes `۱۲`, and `1234` without the
 * grouping every language expects (issue 13 §1: numbers through Intl with the active locale).
 * MessageFormat 2's `:number` does it — `local countText = count: number`, shown as `{countText}`, as
 * `fmt_bytes` always did; the plural selector keeps the raw number.
 *
 * `node scripts/plural-numbers.ts` rewrites every catalogue of both areas in place (for a catalogue
 * copied from an older English); web/messages/catalogues.test.ts fails on any raw plural number.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { AREAS } from './paraglide-options.ts';

export type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };

/** The inputs a variant chooses its plural form by (`local countPlural = count: plural` → `count`). */
export function pluralInputs(variant: Variant): string[] {
  return (variant.declarations ?? []).flatMap((d) => /^local \w+ = (\w+): plural$/.exec(d)?.[1] ?? []);
}

/** Those of them a pattern still shows raw (`{count}`). */
export function rawPluralNumbers(variant: Variant): string[] {
  const patterns = Object.values(variant.match);
  return pluralInputs(variant).filter((name) => patterns.some((p) => p.includes(`{${name}}`)));
}

/** The variant with each raw plural number shown through `:number` instead. */
export function formatPluralNumbers(variant: Variant): Variant {
  let { declarations = [], match } = variant;
  for (const name of rawPluralNumbers(variant)) {
    const existing = declarations.map((d) => new RegExp(`^local (\\w+) = ${name}: number$`).exec(d)?.[1]);
    const text = existing.find((n) => n !== undefined) ?? `${name}Text`;
    if (!existing.some((n) => n !== undefined)) declarations = [...declarations, `local ${text} = ${name}: number`];
    match = Object.fromEntries(Object.entries(match).map(([k, p]) => [k, p.replaceAll(`{${name}}`, `{${text}}`)]));
  }
  return { ...variant, declarations, match };
}

function rewriteAll(): void {
  for (const area of AREAS) {
    const dir = new URL(`../messages/${area}/`, import.meta.url);
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const url = new URL(file, dir);
      const catalogue = JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
      let changed = false;
      for (const [key, entry] of Object.entries(catalogue)) {
        if (!Array.isArray(entry) || !(entry as Variant[]).some((v) => rawPluralNumbers(v).length > 0)) continue;
        catalogue[key] = (entry as Variant[]).map(formatPluralNumbers);
        changed = true;
      }
      // Only touched files are written (run prettier on them after): the rest keep their layout.
      if (changed) writeFileSync(url, `${JSON.stringify(catalogue, null, 2)}\n`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) rewriteAll();
