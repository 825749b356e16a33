import { describe, expect, test } from 'vitest';
import { parseConfig } from './config.ts';
import { SETTING_GROUPS, SETTINGS } from './settings.ts';

/** Every ZKPUSH_* name parseConfig looks up, observed through a Proxy environment. */
function variablesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_, name) {
        if (typeof name === 'string' && name.startsWith('ZKPUSH_')) read.add(name);
        return undefined;
      },
    },
  );
  parseConfig(env);
  return [...read].sort();
}

describe('the settings table', () => {
  test('lists every variable the parser reads (aliases as aliases), and none it does not', () => {
    const listed = SETTINGS.flatMap((s) => (s.alias === undefined ? [s.name] : [s.name, s.alias]));
    expect(listed.sort()).toEqual(variablesRead());
  });

  test('each default, set explicitly, gives the configuration the parser uses when it is unset', () => {
    const base = parseConfig({});
    if (base.kind !== 'ok') throw new Error('defaults invalid');
    for (const setting of SETTINGS) {
      if (setting.default === undefined) {
        expect(setting.defaultText, setting.name).toBeDefined();
        continue;
      }
      expect(parseConfig({ [setting.name]: setting.default }), setting.name).toMatchObject({
        kind: 'ok',
        config: base.config,
      });
    }
  });

  test('a value just outside the bounds is refused, naming the variable and the value', () => {
    for (const setting of SETTINGS) {
      if (setting.type !== 'integer' && setting.type !== 'size' && setting.type !== 'duration') continue;
      for (const value of [String(setting.min - 1), String(setting.max + 1)]) {
        const result = parseConfig({ [setting.name]: value });
        expect(result.kind, `${setting.name}=${value}`).toBe('invalid');
        if (result.kind !== 'invalid') continue;
        expect(result.errors.join('\n')).toContain(setting.name);
        expect(result.errors.join('\n')).toContain(value);
      }
    }
  });

  test('is ordered by group, each group in one piece, as --help lists them', () => {
    const groups = SETTINGS.map((s) => s.group).filter((group, i, all) => group !== all[i - 1]);
    expect(groups).toEqual([...SETTING_GROUPS]);
  });

  test('is frozen', () => {
    expect(Object.isFrozen(SETTINGS)).toBe(true);
    expect(SETTINGS.every((s) => Object.isFrozen(s))).toBe(true);
  });
});
