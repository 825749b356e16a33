/**
 * The catalogues of each area agree with its English source (web/messages/<area>/en.json; areas in
 * scripts/paraglide-options.ts): the same keys, the same
 * placeholders (a translation that drops `{max}` or invents `{maximum}` would print nonsense), plural
 * variants only in categories Intl.PluralRules knows for that language, and each translated catalogue
 * says at its top that it was machine-assisted and welcomes corrections (issue 13, docs/translating.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../scripts/paraglide-options.ts';
import { rawPluralNumbers } from '../scripts/plural-numbers.ts';

type Variant = { declarations?: string[]; selectors?: string[]; match: Record<string, string> };
type Entry = string | Variant[];
type Catalogue = Record<string, Entry>;

const messageKeys = (c: Catalogue) => Object.keys(c).filter((k) => !k.startsWith('$'));

/** Every name a message refers to from outside: declared inputs and `{name}` placeholders, minus locals. */
function inputsOf(entry: Entry): string[] {
  const patterns = typeof entry === 'string' ? [entry] : entry.flatMap((v) => Object.values(v.match));
  const declarations = typeof entry === 'string' ? [] : entry.flatMap((v) => v.declarations ?? []);
  const locals = new Set(declarations.flatMap((d) => /^local (\w+)/.exec(d)?.[1] ?? []));
  const names = new Set(declarations.flatMap((d) => /^input (\w+)/.exec(d)?.[1] ?? []));
  for (const p of patterns) for (const m of p.matchAll(/(?<!\\)\{(\w+)\}/g)) names.add(m[1]!);
  const localSources = declarations.flatMap((d) => /^local \w+ = (\w+)/.exec(d)?.[1] ?? []);
  for (const s of localSources) names.add(s);
  return [...names].filter((n) => !locals.has(n)).sort();
}

for (const area of AREAS) {
  const dir = new URL(`./${area}/`, import.meta.url);
  const settings = JSON.parse(readFileSync(new URL(`../${area}.inlang/settings.json`, dir), 'utf8')) as {
    baseLocale: string;
    locales: string[];
  };
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const read = (locale: string): Catalogue =>
    JSON.parse(readFileSync(new URL(`${locale}.json`, dir), 'utf8')) as Catalogue;
  const source = read(settings.baseLocale);

  describe(`${area} message catalogues`, () => {
    it('exist for exactly the locales in project.inlang/settings.json', () => {
      expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...settings.locales].sort());
    });

    for (const locale of settings.locales.filter((l) => l !== settings.baseLocale)) {
      describe(locale, () => {
        const catalogue = read(locale);

        it('has every key of the source and no other', () => {
          expect(messageKeys(catalogue).sort()).toEqual(messageKeys(source).sort());
        });

        it('keeps every placeholder of the source', () => {
          const differing = messageKeys(source).filter(
            (key) => catalogue[key] !== undefined && inputsOf(catalogue[key]).join() !== inputsOf(source[key]!).join(),
          );
          expect(differing).toEqual([]);
        });

        it('uses only plural categories the language has', () => {
          const known = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
          const wrong = Object.entries(catalogue).flatMap(([key, entry]) =>
            typeof entry === 'string'
              ? []
              : entry.flatMap((v) =>
                  Object.keys(v.match).flatMap((k) =>
                    [...k.matchAll(/Plural=(\w+)/g)]
                      .map((m) => m[1]!)
                      .filter((c) => !known.includes(c as Intl.LDMLPluralRule))
                      .map((c) => `${key}: ${c}`),
                  ),
                ),
          );
          expect(wrong).toEqual([]);
        });

        it("shows plural numbers through :number, in the language's own digits", () => {
          // `{count}` prints 12 where Persian writes ۱۲; `node web/scripts/plural-numbers.ts` fixes a catalogue.
          const raw = Object.entries(catalogue).flatMap(([key, entry]) =>
            typeof entry === 'string' ? [] : entry.flatMap((v) => rawPluralNumbers(v).map((n) => `${key}: {${n}}`)),
          );
          expect(raw).toEqual([]);
        });

        it('says it was machine-assisted and welcomes corrections', () => {
          expect(String(catalogue['$comment'])).toMatch(/machine-assisted/i);
          expect(String(catalogue['$comment'])).toMatch(/docs\/translating\.md/);
        });
      });
    }
  });
}
